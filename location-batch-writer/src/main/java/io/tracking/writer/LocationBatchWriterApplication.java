package io.tracking.writer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Entry point of the location batch writer. Its only HTTP surface is actuator. */
@SpringBootApplication
@EnableConfigurationProperties(BatchWriterProperties.class)
public class LocationBatchWriterApplication {

    public static void main(String[] args) {
        SpringApplication.run(LocationBatchWriterApplication.class, args);
    }
}
