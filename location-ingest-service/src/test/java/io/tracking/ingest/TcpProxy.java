package io.tracking.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * A TCP forwarder on a fixed local port that can be taken down and brought back, so a test can make a broker
 * unreachable (connections reset, new ones refused) and reachable again at the same address, as a broker restart
 * looks to its clients. The broker advertises the proxy's port, so every client connection goes through it.
 */
final class TcpProxy implements AutoCloseable {

    private final int port;
    private final IntSupplier targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    TcpProxy(IntSupplier targetPort) {
        this.targetPort = targetPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            this.port = probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    synchronized void start() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", port));
            server = socket;
            Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Refuses new connections and cuts every open one. */
    synchronized void stop() {
        closeQuietly(server);
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    @Override
    public void close() {
        stop();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                int target = targetPort.getAsInt();
                if (target <= 0) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket("localhost", target);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed by stop(), or the target refused: the client sees a reset either way
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                }
            } catch (SocketException e) {
                // cut by stop()
            } catch (IOException e) {
                // peer went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
