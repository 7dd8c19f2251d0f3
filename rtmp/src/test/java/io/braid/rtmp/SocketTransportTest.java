package io.braid.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class SocketTransportTest {
    /** The native library is packaged for x86-64 Linux, where the servers run (CI, containers). */
    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void epollOnX8664Linux() {
        assertNull(SocketTransport.epollUnavailableReason());
        assertEquals(SocketTransport.EPOLL, SocketTransport.best());
    }

    @Test
    void nioWhenAskedFor() {
        String before = System.getProperty("braid.netty.nio");
        System.setProperty("braid.netty.nio", "true");
        try {
            assertEquals(SocketTransport.NIO, SocketTransport.best());
            assertEquals("braid.netty.nio=true", SocketTransport.epollUnavailableReason());
        } finally {
            if (before == null) {
                System.clearProperty("braid.netty.nio");
            } else {
                System.setProperty("braid.netty.nio", before);
            }
        }
    }
}
