package io.braid.webrtc.srtp;

/**
 * One direction's master key and salt, as RFC 5764 section 4.2 lays them out in the DTLS exporter's output:
 * client key, server key, client salt, server salt.
 */
public record SrtpKeys(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
    public SrtpKeys {
        if (masterKey.length != profile.keyLength || masterSalt.length != profile.saltLength) {
            throw new IllegalArgumentException(profile + " needs a " + profile.keyLength + "-byte key and a "
                    + profile.saltLength + "-byte salt");
        }
        masterKey = masterKey.clone();
        masterSalt = masterSalt.clone();
    }

    /** The exporter output split into (local sending keys, remote sending keys) for the given DTLS role. */
    public static SrtpKeys[] fromExporter(SrtpProfile profile, byte[] material, boolean dtlsClient) {
        int k = profile.keyLength;
        int s = profile.saltLength;
        if (material.length != 2 * (k + s)) {
            throw new IllegalArgumentException("keying material for " + profile + " has " + 2 * (k + s) + " bytes");
        }
        byte[] clientKey = slice(material, 0, k);
        byte[] serverKey = slice(material, k, k);
        byte[] clientSalt = slice(material, 2 * k, s);
        byte[] serverSalt = slice(material, 2 * k + s, s);
        SrtpKeys client = new SrtpKeys(profile, clientKey, clientSalt);
        SrtpKeys server = new SrtpKeys(profile, serverKey, serverSalt);
        return dtlsClient ? new SrtpKeys[] {client, server} : new SrtpKeys[] {server, client};
    }

    private static byte[] slice(byte[] b, int from, int length) {
        byte[] out = new byte[length];
        System.arraycopy(b, from, out, 0, length);
        return out;
    }
}
