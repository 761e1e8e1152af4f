package io.tracking.ingest.stream;

import java.net.InetAddress;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import io.tracking.ingest.ping.PingIntake;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Netty transport of the WebSocket ingest, off unless {@code tracking.ingest.stream.netty.port} is set (0 picks a
 * free port). It serves the same path with the same protocol and limits as Tomcat's, on a port of its own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "tracking.ingest.stream.netty", name = "port")
@EnableConfigurationProperties(NettyStreamProperties.class)
class NettyStreamConfiguration {

    /**
     * Takes {@link StreamConnections} as an argument so that Spring records the dependency: it starts the server after
     * the connections' registry and stops it before, which is the shutdown order {@link NettyStreamServer} needs.
     */
    @Bean
    NettyStreamServer nettyStreamServer(NettyStreamProperties netty, StreamProperties stream,
            StreamConnections connections, PingIntake intake, JsonMapper mapper, JwtDecoder decoder,
            Environment environment) {
        InetAddress address = netty.address() != null ? netty.address()
                : Binder.get(environment).bind("server.address", InetAddress.class).orElse(null);
        NettyHandshakeHandler handshake = new NettyHandshakeHandler(decoder, connections, intake, mapper,
                stream.maxUnacknowledgedFrames(), (int) stream.maxFrameSize().toBytes());
        return new NettyStreamServer(address, netty.port(), netty.threads(), handshake);
    }
}
