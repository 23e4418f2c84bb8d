package io.caas.server.admin;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads server states from HAProxy's admin socket (`show stat`), as an operator would. */
final class HaproxyStats {
    private final Path socket;

    HaproxyStats(Path socket) {
        this.socket = socket;
    }

    Path socket() {
        return socket;
    }

    /** Server name to status (UP, DOWN, "UP 1/3", ...) in one backend. */
    Map<String, String> serverStatus(String backend) throws IOException {
        List<String> lines = showStat().lines().toList();
        List<String> header = Arrays.asList(lines.get(0).replaceFirst("^# ", "").split(","));
        int proxy = header.indexOf("pxname");
        int server = header.indexOf("svname");
        int status = header.indexOf("status");
        Map<String, String> states = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            if (fields.length > status && fields[proxy].equals(backend)
                    && !fields[server].equals("BACKEND") && !fields[server].equals("FRONTEND")) {
                states.put(fields[server], fields[status]);
            }
        }
        return states;
    }

    private String showStat() throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("show stat\n".getBytes(StandardCharsets.US_ASCII)));
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
