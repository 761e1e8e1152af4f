package io.tracking.writer.partition;

import java.time.Clock;

import javax.sql.DataSource;

import io.tracking.writer.BatchWriterProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class PartitionConfiguration {

    @Bean
    HistoryPartitions historyPartitions(DataSource dataSource, BatchWriterProperties properties) {
        return new HistoryPartitions(new JdbcTemplate(dataSource), properties.history());
    }

    @Bean
    PartitionMaintenanceJob partitionMaintenanceJob(HistoryPartitions partitions, BatchWriterProperties properties) {
        return new PartitionMaintenanceJob(partitions, properties.history(), Clock.systemUTC());
    }
}
