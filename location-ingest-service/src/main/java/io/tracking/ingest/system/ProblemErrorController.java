package io.tracking.ingest.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}), in place of Boot's default JSON: answers that never reach
 * a controller (a URL the firewall rejects, {@code TRACE}, an exception in a filter) are
 * {@code application/problem+json} like every other error. Only the status is used: the error message and
 * exception of the request are never shown.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<Object> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return Problems.respond(Problems.forStatus(status == null || status.value() < 400
                ? HttpStatus.INTERNAL_SERVER_ERROR : status));
    }
}
