package io.tracking.query.system;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tracking.query.QueryProperties;

/**
 * Serves the API with {@code concurrency.max-requests} threads ({@link RequestExecutor}), sheds the requests that
 * waited longer than {@code concurrency.max-wait} for one ({@link QueueTimeLimitFilter}), and measures the queue.
 * The management port keeps Tomcat's own threads, so health checks never queue behind the API.
 */
@Configuration(proxyBeanMethods = false)
class ConcurrencyConfiguration {

    @Bean
    RequestExecutor requestExecutor(QueryProperties properties) {
        return new RequestExecutor(properties.concurrency().threads(), "query-http-");
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> requestExecutorCustomizer(
            RequestExecutor requestExecutor) {
        return factory -> factory.addProtocolHandlerCustomizers(protocol -> protocol.setExecutor(requestExecutor));
    }

    @Bean
    FilterRegistrationBean<QueueTimeLimitFilter> queueTimeLimit(QueryProperties properties, MeterRegistry registry) {
        Timer queueTime = Timer.builder("tracking.query.requests.queued")
                .description("Time API requests waited for a thread to serve them")
                .register(registry);
        FilterRegistrationBean<QueueTimeLimitFilter> registration = new FilterRegistrationBean<>(
                new QueueTimeLimitFilter(properties.concurrency().maxWait(), queueTime));
        registration.addUrlPatterns("/api/*");
        // inside the request observation, so the 503s it answers count in http.server.requests
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    MeterBinder waitingRequests(RequestExecutor requestExecutor) {
        return registry -> Gauge.builder("tracking.query.requests.waiting", requestExecutor, RequestExecutor::waiting)
                .description("Connections with a request waiting for a thread to serve it")
                .register(registry);
    }
}
