package io.braid.registry.rest;

import io.braid.core.api.Result;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** 4xx answers with Ant Media's Result body, so every rejection says what was wrong. */
public final class ApiErrors {
    private ApiErrors() {
    }

    public static WebApplicationException badRequest(String message) {
        return new WebApplicationException(message, json(Response.Status.BAD_REQUEST, message));
    }

    public static WebApplicationException notFound(String message) {
        return new WebApplicationException(message, json(Response.Status.NOT_FOUND, message));
    }

    public static Response json(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Result.error(message)).build();
    }
}
