package io.braid.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A one-connection TCP proxy that records what the client sends, to capture a real client's session. */
final class RecordingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final ByteArrayOutputStream clientBytes = new ByteArrayOutputStream();
    private final Thread acceptor;

    RecordingProxy(int targetPort) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().daemon().start(() -> {
            try (Socket client = listener.accept(); Socket server = new Socket("127.0.0.1", targetPort)) {
                Thread back = Thread.ofPlatform().daemon().start(() -> pump(server, client, null));
                pump(client, server, clientBytes);
                server.shutdownOutput();
                back.join(5000);
            } catch (IOException | InterruptedException ignored) {
                // the recording ends with the connection
            }
        });
    }

    int port() {
        return listener.getLocalPort();
    }

    byte[] recorded() throws InterruptedException {
        acceptor.join(10_000);
        synchronized (clientBytes) {
            return clientBytes.toByteArray();
        }
    }

    private static void pump(Socket from, Socket to, ByteArrayOutputStream record) {
        byte[] buf = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                if (record != null) {
                    synchronized (record) {
                        record.write(buf, 0, n);
                    }
                }
                out.write(buf, 0, n);
            }
        } catch (IOException ignored) {
            // either side closing ends the pump
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
