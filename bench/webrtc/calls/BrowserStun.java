package io.switchboard.bench.webrtc.calls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** ICE checks as a browser sends them (RFC 8445 section 7.1.2), with integrity and fingerprint. */
final class BrowserStun {
    private BrowserStun() {
    }

    /** A Binding request with USERNAME, PRIORITY, ICE-CONTROLLING and USE-CANDIDATE. */
    static byte[] check(String username, String password) {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        int userPadded = (user.length + 3) & ~3;
        int attrs = 4 + userPadded + 8 + 12 + 4;
        ByteBuffer b = ByteBuffer.allocate(20 + attrs + 24 + 8);
        byte[] txid = new byte[12];
        ThreadLocalRandom.current().nextBytes(txid);
        b.putShort((short) 0x0001).putShort((short) (attrs + 24)).putInt(0x2112A442).put(txid);
        b.putShort((short) 0x0006).putShort((short) user.length).put(user);
        for (int i = user.length; i < userPadded; i++) {
            b.put((byte) 0);
        }
        b.putShort((short) 0x0024).putShort((short) 4).putInt(0x6e0001ff);
        b.putShort((short) 0x802A).putShort((short) 8).putLong(0x1122334455667788L);
        b.putShort((short) 0x0025).putShort((short) 0);
        try {
            // RFC 5389 section 15.4: the length covers MESSAGE-INTEGRITY while the HMAC is computed
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            mac.update(b.array(), 0, b.position());
            b.putShort((short) 0x0008).putShort((short) 20).put(mac.doFinal());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        b.putShort(2, (short) (attrs + 24 + 8));
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putShort((short) 0x8028).putShort((short) 4).putInt((int) (crc.getValue() ^ 0x5354554eL));
        return b.array();
    }
}
