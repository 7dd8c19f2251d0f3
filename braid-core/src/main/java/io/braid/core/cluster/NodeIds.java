package io.braid.core.cluster;

import java.util.regex.Pattern;

/** The one rule for node ids, shared by the agent that makes them and the registry that receives them. */
public final class NodeIds {
    public static final int MAX_LENGTH = 128;
    public static final String RULE = "1-" + MAX_LENGTH + " of [A-Za-z0-9_.:-]";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.:\\-]{1," + MAX_LENGTH + "}");

    private NodeIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
