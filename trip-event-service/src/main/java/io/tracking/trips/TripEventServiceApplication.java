package io.tracking.trips;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Entry point of the trip-event service. Its only HTTP surface is actuator. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(TripServiceProperties.class)
public class TripEventServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(TripEventServiceApplication.class, args);
    }
}
