package io.tracking.query.live;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

/**
 * A stream's response in the Servlet container's non-blocking mode ({@link WriteListener}): a write is only made
 * after {@link ServletOutputStream#isReady()} said yes, so it returns at once and never parks a sender thread
 * (whatever the socket cannot take stays in the container's buffer, and {@code isReady()} says no until it is
 * gone); the container calls back once a client that stopped reading takes data again, or when the connection
 * fails or times out. Completing the response does not wait for the client either: the container finishes the
 * write in the background, or closes the connection after its own write timeout.
 *
 * <p>Tomcat answers {@code isReady()} with no until the request's own thread has left the servlet, then calls
 * {@link #onWritePossible()}: nothing is written before the filters are done with the response's headers.
 */
final class ServletEventSink implements EventSink, WriteListener, AsyncListener {

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final OrderStream stream;
    /**
     * Guards every use of {@link #out} against the end of the response. Once the container ended it (the client
     * left, a timeout) it recycles the response's objects for another request: a sender thread that wrote to
     * {@code out} after that would write into, or break, somebody else's response.
     */
    private final Object lock = new Object();
    private boolean ended;

    private ServletEventSink(AsyncContext async, ServletOutputStream out, OrderStream stream) {
        this.async = async;
        this.out = out;
        this.stream = stream;
    }

    /**
     * Turns the request into {@code owner}'s asynchronous {@code text/event-stream} response, in non-blocking
     * mode; nothing is written yet.
     */
    static ServletEventSink start(HttpServletRequest request, HttpServletResponse response, Duration timeout,
            OrderStream owner) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setCharacterEncoding("UTF-8");
        // proxies such as nginx would otherwise buffer the stream
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = request.startAsync(request, response);
        try {
            async.setTimeout(timeout.toMillis());
            ServletEventSink sink = new ServletEventSink(async, response.getOutputStream(), owner);
            async.addListener(sink);
            sink.out.setWriteListener(sink);
            return sink;
        } catch (IOException | RuntimeException e) {
            async.complete();
            throw e;
        }
    }

    @Override
    public boolean isReady() {
        synchronized (lock) {
            return !ended && out.isReady();
        }
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        synchronized (lock) {
            requireOpen();
            out.write(bytes);
        }
    }

    @Override
    public void flush() throws IOException {
        synchronized (lock) {
            requireOpen();
            out.flush();
        }
    }

    private void requireOpen() throws IOException {
        if (ended) {
            throw new IOException("The response has ended");
        }
    }

    @Override
    public void complete() {
        synchronized (lock) {
            if (ended) {
                return;
            }
            ended = true;
        }
        completeQuietly();
    }

    private void completeQuietly() {
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // already completed, or the container ended it after an error
        }
    }

    @Override
    public void onWritePossible() {
        stream.writable();
    }

    /** The connection failed while writing: the client is gone. */
    @Override
    public void onError(Throwable failure) {
        end(true);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        end(false);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        end(true);
    }

    @Override
    public void onError(AsyncEvent event) {
        end(true);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }

    /**
     * However the response ended, the stream ends with it (and gives its slot back). Called by the container before
     * it recycles the response: once this returns, no sender thread touches {@link #out} again. After an error or
     * a timeout the response is completed here, so that the container makes no error dispatch of its own.
     */
    private void end(boolean completeResponse) {
        synchronized (lock) {
            ended = true;
        }
        if (completeResponse) {
            completeQuietly();
        }
        stream.terminate();
    }
}
