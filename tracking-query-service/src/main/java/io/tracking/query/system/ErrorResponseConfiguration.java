package io.tracking.query.system;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.tracking.auth.ProblemErrorReportValve;

@Configuration(proxyBeanMethods = false)
class ErrorResponseConfiguration {

    /** Errors that Tomcat answers itself, before the application, are problems too. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return ProblemErrorReportValve.installer(ProblemDetailsHandler::generic);
    }
}
