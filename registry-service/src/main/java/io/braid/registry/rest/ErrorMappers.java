package io.braid.registry.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure leaves as JSON with a message: malformed bodies and wrong field types are 400s naming the field,
 * framework 4xx keep their status, and anything unexpected is a 500 whose details stay in the log.
 */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return ApiErrors.json(Response.Status.BAD_REQUEST, describe(e));
    }

    /** Declared apart from {@link #json}: Quarkus ships a mapper for this subtype that answers with no body. */
    @ServerExceptionMapper
    public Response mismatch(MismatchedInputException e) {
        return ApiErrors.json(Response.Status.BAD_REQUEST, describe(e));
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        return ApiErrors.json(Response.Status.BAD_REQUEST, describe(e));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response r = e.getResponse();
        if (r.hasEntity()) {
            return r;
        }
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return ApiErrors.json(Response.Status.BAD_REQUEST, describe(json));
        }
        Response.Status status = Response.Status.fromStatusCode(r.getStatus());
        String message = e.getMessage() == null || e.getMessage().isBlank()
                ? (status == null ? "HTTP " + r.getStatus() : status.getReasonPhrase()) : e.getMessage();
        return Response.fromResponse(ApiErrors.json(Response.Status.BAD_REQUEST, message)).status(r.getStatus()).build();
    }

    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e) {
        return ApiErrors.json(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error serving a request", e);
        return ApiErrors.json(Response.Status.INTERNAL_SERVER_ERROR, "internal error: " + e.getClass().getSimpleName());
    }

    static String describe(JsonProcessingException e) {
        String field = "";
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (var ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            field = " at field '" + path + "'";
        }
        if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
            return "wrong JSON value type" + field + ": " + firstLine(e.getOriginalMessage());
        }
        return "malformed JSON: " + firstLine(e.getOriginalMessage());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
