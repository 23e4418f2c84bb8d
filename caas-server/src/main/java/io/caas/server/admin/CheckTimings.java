package io.caas.server.admin;

/**
 * HAProxy's health-check cadence for each controller: {@code inter} while a server is steady, {@code fastinter}
 * while it is changing state, {@code downinter} while it is down; {@code rise}/{@code fall} consecutive results
 * flip it.
 */
public record CheckTimings(String inter, String fastinter, String downinter, int rise, int fall) {
    public CheckTimings {
        inter = InventoryValues.duration("checks.inter", inter);
        fastinter = InventoryValues.duration("checks.fastinter", fastinter);
        downinter = InventoryValues.duration("checks.downinter", downinter);
        rise = InventoryValues.count("checks.rise", rise);
        fall = InventoryValues.count("checks.fall", fall);
    }

    public static CheckTimings defaults() {
        return new CheckTimings("10s", "2s", "3s", 3, 3);
    }
}
