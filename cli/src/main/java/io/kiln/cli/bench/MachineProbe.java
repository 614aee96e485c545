package io.kiln.cli.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What this machine can do, to set the databases' figures against: the latency of appending 4 KiB
 * to a file and syncing it ({@code FileChannel.force(false)}, fdatasync: what a Raft log write costs
 * at least), and of a loopback TCP round trip (what any request costs at least).
 */
public final class MachineProbe {

  public static final int BLOCK = 4096;

  private MachineProbe() {}

  /** {@code samples} appends of 4 KiB, each followed by fdatasync, in a new file under {@code dir}. */
  public static Histogram fsync(Path dir, int samples) {
    Histogram h = LatencyRecorder.newHistogram();
    Path file = null;
    try {
      Files.createDirectories(dir);
      file = Files.createTempFile(dir, "kiln-probe-", ".dat");
      ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        for (int i = 0; i < samples; i++) {
          block.clear();
          block.putLong(0, i);
          long t0 = System.nanoTime();
          while (block.hasRemaining()) {
            ch.write(block);
          }
          ch.force(false);
          h.recordValue(Math.min(LatencyRecorder.HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("fsync probe under " + dir, e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a leftover probe file in a folder the operator chose is harmless
        }
      }
    }
    return h;
  }

  /** {@code samples} ping-pongs of {@code size} bytes over one loopback TCP connection (TCP_NODELAY). */
  public static Histogram loopbackRoundTrip(int samples, int size) {
    Histogram h = LatencyRecorder.newHistogram();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread echo = new Thread(() -> echo(server, size), "probe-echo");
      echo.setDaemon(true);
      echo.start();
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        s.setTcpNoDelay(true);
        OutputStream out = s.getOutputStream();
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] buf = new byte[size];
        for (int i = 0; i < samples; i++) {
          long t0 = System.nanoTime();
          out.write(buf);
          out.flush();
          in.readFully(buf);
          h.recordValue(Math.min(LatencyRecorder.HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0)));
        }
      }
      echo.join(TimeUnit.SECONDS.toMillis(5));
    } catch (IOException e) {
      throw new UncheckedIOException("loopback probe", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return h;
  }

  private static void echo(ServerSocket server, int size) {
    try (Socket s = server.accept()) {
      s.setTcpNoDelay(true);
      DataInputStream in = new DataInputStream(s.getInputStream());
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      byte[] buf = new byte[size];
      while (true) {
        try {
          in.readFully(buf);
        } catch (java.io.EOFException done) {
          return;
        }
        out.write(buf);
        out.flush();
      }
    } catch (IOException e) {
      // the client side reports its own failure; a reset at the end is normal
    }
  }

}
