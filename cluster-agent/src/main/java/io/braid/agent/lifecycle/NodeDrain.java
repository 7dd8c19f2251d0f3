package io.braid.agent.lifecycle;

/**
 * What a service does with the work it holds when its node leaves as planned (SIGTERM, a scale-down, a rolling
 * update). The agent calls every such bean once, after the node has turned not-ready and gateways have stopped sending
 * it anything new, and before its last heartbeat: an origin keeps its publishers until a deadline and then closes them
 * so they reconnect elsewhere; a transcoder hands its jobs back. A call must return within the service's own deadline.
 */
public interface NodeDrain {

    void drain();
}
