package io.tracking.ingest;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

@SpringBootApplication(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestProperties.class)
public class LocationIngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(LocationIngestApplication.class, args);
    }

    /** The server clock that stamps {@code receivedAt} and bounds {@code recordedAt}. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
