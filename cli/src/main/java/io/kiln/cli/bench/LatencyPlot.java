package io.kiln.cli.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws latency over time as a PNG with java.awt (headless): per operation type, p99 as a thick
 * line and p50 as a thin one, on a logarithmic millisecond axis; the warm-up seconds are shaded.
 */
public final class LatencyPlot {

  private static final int WIDTH = 1000;
  private static final int HEIGHT = 560;
  private static final int LEFT = 80;
  private static final int RIGHT = 170;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;
  private static final Color[] COLORS = {
      new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd)};

  private LatencyPlot() {}

  public static void write(Path file, List<IntervalRow> rows, String title) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = render(rows, title);
    try {
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new IOException("no PNG writer in this JVM");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static BufferedImage render(List<IntervalRow> rows, String title) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

      int maxSecond = Math.max(1, rows.stream().mapToInt(IntervalRow::second).max().orElse(1));
      long maxMicros = Math.max(1000, rows.stream().mapToLong(IntervalRow::p99Micros).max().orElse(1000));
      long minMicros = Math.max(1, rows.stream().filter(r -> r.count() > 0).mapToLong(IntervalRow::p50Micros)
          .min().orElse(100));
      double lowDecade = Math.floor(Math.log10(Math.max(1, minMicros)));
      double highDecade = Math.ceil(Math.log10(maxMicros));
      if (highDecade <= lowDecade) {
        highDecade = lowDecade + 1;
      }
      Axes axes = new Axes(maxSecond, lowDecade, highDecade);

      int warmupEnd = rows.stream().filter(r -> r.phase().equals("warmup")).mapToInt(IntervalRow::second).max().orElse(0);
      if (warmupEnd > 0) {
        g.setColor(new Color(0xeeeeee));
        g.fillRect(axes.x(0), TOP, axes.x(warmupEnd) - axes.x(0), HEIGHT - TOP - BOTTOM);
      }

      g.setColor(new Color(0xcccccc));
      for (double d = lowDecade; d <= highDecade; d++) {
        int y = axes.y(Math.pow(10, d));
        g.drawLine(LEFT, y, WIDTH - RIGHT, y);
        g.setColor(Color.DARK_GRAY);
        g.drawString(millis(Math.pow(10, d)), 8, y + 4);
        g.setColor(new Color(0xcccccc));
      }
      int step = Math.max(1, maxSecond / 10);
      g.setColor(Color.DARK_GRAY);
      for (int s = 0; s <= maxSecond; s += step) {
        g.drawString(Integer.toString(s), axes.x(s) - 4, HEIGHT - BOTTOM + 18);
      }
      g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
      g.drawString("seconds (shaded: warm-up)", WIDTH / 2 - 80, HEIGHT - 15);
      g.drawString("latency, ms (log)", 8, TOP - 10);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString(title, LEFT, 25);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

      Map<OpType, Color> colors = new EnumMap<>(OpType.class);
      int legendY = TOP + 10;
      for (OpType op : OpType.values()) {
        List<IntervalRow> series = rows.stream().filter(r -> r.op() == op).toList();
        if (series.stream().noneMatch(r -> r.count() > 0)) {
          continue;
        }
        Color c = COLORS[op.ordinal() % COLORS.length];
        colors.put(op, c);
        g.setColor(c);
        line(g, axes, series, true, new BasicStroke(2.2f));
        line(g, axes, series, false, new BasicStroke(1f));
        g.setStroke(new BasicStroke(2.2f));
        g.drawLine(WIDTH - RIGHT + 15, legendY, WIDTH - RIGHT + 40, legendY);
        g.setColor(Color.BLACK);
        g.drawString(op.name().toLowerCase(java.util.Locale.ROOT) + " p99", WIDTH - RIGHT + 45, legendY + 4);
        g.setColor(c);
        g.setStroke(new BasicStroke(1f));
        g.drawLine(WIDTH - RIGHT + 15, legendY + 18, WIDTH - RIGHT + 40, legendY + 18);
        g.setColor(Color.BLACK);
        g.drawString(op.name().toLowerCase(java.util.Locale.ROOT) + " p50", WIDTH - RIGHT + 45, legendY + 22);
        legendY += 44;
      }
      if (colors.isEmpty()) {
        g.setColor(Color.BLACK);
        g.drawString("no successful operations", WIDTH / 2 - 70, HEIGHT / 2);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void line(Graphics2D g, Axes axes, List<IntervalRow> series, boolean p99, Stroke stroke) {
    g.setStroke(stroke);
    int px = -1;
    int py = -1;
    for (IntervalRow r : series) {
      if (r.count() == 0) {
        px = -1;
        continue;
      }
      int x = axes.x(r.second());
      int y = axes.y(Math.max(1, p99 ? r.p99Micros() : r.p50Micros()));
      if (px >= 0) {
        g.drawLine(px, py, x, y);
      } else {
        g.fillOval(x - 2, y - 2, 4, 4);
      }
      px = x;
      py = y;
    }
  }

  private static String millis(double micros) {
    double ms = micros / 1000;
    return ms >= 1 ? String.format(java.util.Locale.ROOT, "%.0f", ms) : String.format(java.util.Locale.ROOT, "%.3f", ms).replaceAll("0+$", "");
  }

  private record Axes(int maxSecond, double lowDecade, double highDecade) {
    int x(double second) {
      return LEFT + (int) Math.round(second / maxSecond * (WIDTH - LEFT - RIGHT));
    }

    int y(double micros) {
      double f = (Math.log10(micros) - lowDecade) / (highDecade - lowDecade);
      f = Math.max(0, Math.min(1, f));
      return HEIGHT - BOTTOM - (int) Math.round(f * (HEIGHT - TOP - BOTTOM));
    }
  }
}
