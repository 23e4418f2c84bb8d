package io.caas.core.persistence;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * [database] connection as an admin writes it in magnum.conf ({@code mysql+pymysql://user:pass@host:3306/caas})
 * or as JDBC; both become a JDBC URL plus credentials. {@code h2:file:PATH} is the embedded default.
 */
public record DatabaseUrl(String jdbcUrl, String user, String password, String databaseName, boolean embedded) {

    public static DatabaseUrl parse(String connection) {
        if (connection.startsWith("jdbc:")) {
            return new DatabaseUrl(connection, null, null, null, connection.startsWith("jdbc:h2:"));
        }
        if (connection.startsWith("h2:")) {
            return new DatabaseUrl("jdbc:" + connection
                    + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;NON_KEYWORDS=VALUE",
                    "sa", "", null, true);
        }
        URI uri = URI.create(connection);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!scheme.startsWith("mysql") && !scheme.startsWith("mariadb")) {
            throw new IllegalArgumentException("[database] connection must be mysql+pymysql://user:password@host:port/db,"
                    + " mariadb://..., jdbc:... or h2:file:PATH; got scheme '" + scheme + "'");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : "";
        }
        String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (database.isEmpty()) {
            throw new IllegalArgumentException("[database] connection names no database: add /caas to " + scheme + "://...");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 3306;
        String jdbc = "jdbc:mariadb://" + uri.getHost() + ":" + port + "/" + database;
        return new DatabaseUrl(jdbc, user, password, database, false);
    }

    /** The same server without a database selected, to create the database when it is missing. */
    public String serverJdbcUrl() {
        return databaseName == null ? jdbcUrl : jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return jdbcUrl + (user == null ? "" : " as " + user);
    }
}
