package io.braid.core.api;

/** Ant Media's REST result object: {@code success}, {@code message}, {@code dataId}, {@code errorId}. */
public record Result(boolean success, String message, String dataId, int errorId) {

    public static Result ok() {
        return new Result(true, "", "", 0);
    }

    public static Result ok(String dataId) {
        return new Result(true, "", dataId, 0);
    }

    public static Result error(String message) {
        return new Result(false, message, "", 0);
    }
}
