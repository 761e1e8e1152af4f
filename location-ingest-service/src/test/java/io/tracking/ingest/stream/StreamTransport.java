package io.tracking.ingest.stream;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * The two servers of the WebSocket ingest, for tests that run every scenario on both. A context serves both when
 * {@code tracking.ingest.stream.netty.port} is set ({@link #NETTY_ON}).
 */
enum StreamTransport {

    TOMCAT {
        @Override
        int port(ApplicationContext context) {
            return ((WebServerApplicationContext) context).getWebServer().getPort();
        }
    },
    NETTY {
        @Override
        int port(ApplicationContext context) {
            return context.getBean(NettyStreamServer.class).port();
        }
    };

    /** The property that starts the Netty server beside Tomcat, on a free port. */
    static final String NETTY_ON = "tracking.ingest.stream.netty.port=0";

    /** The port this transport serves the stream on in {@code context}. */
    abstract int port(ApplicationContext context);
}
