package io.caas.api.web;

/** An OpenStack-API-Version for container-infra, compared as Magnum does (major, then minor). */
public record Microversion(int major, int minor) implements Comparable<Microversion> {
    public static final String HEADER = "OpenStack-API-Version";
    public static final String SERVICE = "container-infra";
    public static final Microversion MIN = new Microversion(1, 1);
    public static final Microversion MAX = new Microversion(1, 10);

    /** Parses the header value; a malformed one is a 406 with Magnum's text. */
    public static Microversion parse(String header) {
        if (header == null) {
            return MIN;
        }
        String[] parts = header.trim().split("\\s+");
        if (parts.length != 2) {
            throw ApiException.notAcceptable("Invalid service type for " + HEADER + " header");
        }
        if (parts[1].equalsIgnoreCase("latest")) {
            return MAX;
        }
        if (!parts[0].equals(SERVICE)) {
            throw ApiException.notAcceptable("Invalid service type for " + HEADER + " header");
        }
        String[] numbers = parts[1].split("\\.", -1);
        try {
            if (numbers.length == 2) {
                return new Microversion(Integer.parseInt(numbers[0]), Integer.parseInt(numbers[1]));
            }
        } catch (NumberFormatException e) {
            // falls through to Magnum's "Invalid value" answer
        }
        throw ApiException.notAcceptable("Invalid value for " + HEADER + " header");
    }

    public boolean supported() {
        return compareTo(MIN) >= 0 && compareTo(MAX) <= 0;
    }

    public boolean atLeast(int wantedMajor, int wantedMinor) {
        return compareTo(new Microversion(wantedMajor, wantedMinor)) >= 0;
    }

    @Override
    public int compareTo(Microversion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
