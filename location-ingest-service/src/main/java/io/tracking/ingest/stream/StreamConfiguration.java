package io.tracking.ingest.stream;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.ingest.IngestProperties;
import io.tracking.ingest.ping.PingIntake;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@EnableConfigurationProperties(StreamProperties.class)
class StreamConfiguration {

    static final String PATH = "/api/v1/locations/stream";
    /** Each of a connection's long-lived I/O buffers; see {@link #streamConnectionBuffers()}. */
    static final int CONNECTION_BUFFER_BYTES = 1024;
    private static final String WEBSOCKET_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    @Bean
    StreamConnections streamConnections(StreamProperties properties, IngestProperties ingest,
            MeterRegistry registry) {
        return new StreamConnections(properties, ingest.publishTimeout(), registry);
    }

    @Bean
    StreamHandler streamHandler(StreamConnections connections, PingIntake intake, JsonMapper mapper,
            StreamProperties properties) {
        return new StreamHandler(connections, intake, mapper, properties.maxUnacknowledgedFrames());
    }

    /** Apps send no {@code Origin}; a browser page of another site must not use a driver's token here. */
    @Bean
    WebSocketConfigurer streamEndpoint(StreamHandler handler) {
        return registry -> registry.addHandler(handler, PATH);
    }

    /**
     * Tomcat's per-connection limits. Its text buffer is allocated per connection at the frame-size limit, so that
     * limit is kept small (batches of hundreds of pings belong to the REST batch endpoint); binary frames are refused
     * anyway and get a token buffer.
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer(StreamProperties properties) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize((int) properties.maxFrameSize().toBytes());
        container.setMaxBinaryMessageBufferSize(256);
        return container;
    }

    /**
     * Shrinks the I/O buffers Tomcat keeps for the whole life of every connection to {@value #CONNECTION_BUFFER_BYTES}
     * bytes each: an idle stream holds five of them (the socket's read and write buffers, and the WebSocket's read,
     * write and encoder buffers), 8 KiB each by default, which made them most of an idle stream's heap. A ping frame
     * or an answer fits one buffer; a bigger frame or HTTP body is read and written in several chunks (a body larger
     * than the read buffer is read straight into the request's own buffer anyway).
     *
     * <p>The WebSocket buffers are sized by a JVM-wide system property that Tomcat reads once, when its WebSocket
     * classes load at the web server's start, which comes after connector customizers run. A value given on the
     * command line ({@code -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE}) wins.
     */
    @Bean
    TomcatConnectorCustomizer streamConnectionBuffers() {
        return connector -> {
            String size = Integer.toString(CONNECTION_BUFFER_BYTES);
            connector.setProperty("socket.appReadBufSize", size);
            connector.setProperty("socket.appWriteBufSize", size);
            if (System.getProperty(WEBSOCKET_BUFFER_PROPERTY) == null) {
                System.setProperty(WEBSOCKET_BUFFER_PROPERTY, size);
            }
        };
    }
}
