package io.tracking.ingest.stream;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
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
}
