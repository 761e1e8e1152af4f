package io.tracking.query.system;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tracking.query.QueryProperties;

/** Registers the {@link ConcurrencyLimitFilter} on the API, and a gauge of the requests waiting to run. */
@Configuration(proxyBeanMethods = false)
class ConcurrencyConfiguration {

    @Bean
    FilterRegistrationBean<ConcurrencyLimitFilter> concurrencyLimit(QueryProperties properties) {
        QueryProperties.Concurrency concurrency = properties.concurrency();
        FilterRegistrationBean<ConcurrencyLimitFilter> registration = new FilterRegistrationBean<>(
                new ConcurrencyLimitFilter(concurrency.permits(), concurrency.maxWait()));
        registration.addUrlPatterns("/api/*");
        // inside the request observation (so waiting counts in http.server.requests), before security (whose CPU
        // is part of what is limited)
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    MeterBinder waitingRequests(FilterRegistrationBean<ConcurrencyLimitFilter> concurrencyLimit) {
        ConcurrencyLimitFilter filter = concurrencyLimit.getFilter();
        return registry -> Gauge.builder("tracking.query.requests.waiting", filter, ConcurrencyLimitFilter::waiting)
                .description("API requests waiting for one of the permits to run")
                .register(registry);
    }
}
