package io.tracking.auth;

import java.io.IOException;
import java.io.Writer;
import java.util.function.Function;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error report for requests that never reach the application (a malformed request line or URL, headers
 * over the size limit): {@code application/problem+json} instead of Tomcat's HTML page. The problem comes from the
 * service's own mapping of the status alone, never from Tomcat's message, which may quote the request.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    private final Function<HttpStatus, ProblemDetail> problems;

    private ProblemErrorReportValve(Function<HttpStatus, ProblemDetail> problems) {
        this.problems = problems;
    }

    /**
     * Puts this valve in place of Tomcat's error report. Registered as a bean, it runs after Boot's own customizer
     * (default, lowest order), which has added a plain {@link ErrorReportValve} by then.
     *
     * @param problems the service's problem for a bare status, with fixed texts only
     */
    public static WebServerFactoryCustomizer<TomcatServletWebServerFactory> installer(
            Function<HttpStatus, ProblemDetail> problems) {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                // the host adds a valve of this class at start unless one is there already
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                host.getPipeline().addValve(new ProblemErrorReportValve(problems));
            }
        });
    }

    @Override
    protected void report(Request request, Response response, @Nullable Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code);
        ProblemDetail problem = problems.apply(status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status);
        StringBuilder body = new StringBuilder(256).append('{');
        field(body, "type", String.valueOf(problem.getType())).append(',');
        field(body, "title", problem.getTitle()).append(',');
        body.append("\"status\":").append(code);
        if (problem.getDetail() != null) {
            field(body.append(','), "detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            field(body.append(','), "instance", problem.getInstance().toString());
        }
        body.append('}');
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body.toString());
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was committed meanwhile: nothing more to tell it
        }
    }

    private static StringBuilder field(StringBuilder body, String name, @Nullable String value) {
        body.append('"').append(name).append("\":\"");
        String text = value == null ? "" : value;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                body.append('\\').append(c);
            } else if (c < 0x20) {
                body.append(String.format("\\u%04x", (int) c));
            } else {
                body.append(c);
            }
        }
        return body.append('"');
    }
}
