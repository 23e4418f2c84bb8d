package io.caas.api.v1;

import java.security.SecureRandom;
import java.util.List;

/** A readable name for an unnamed template or cluster ("zeta-22-template"), as Magnum makes one up. */
final class Names {
    private static final List<String> LETTERS = List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta",
            "theta", "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon",
            "phi", "chi", "psi", "omega");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Names() {
    }

    static String generate(String suffix) {
        return LETTERS.get(RANDOM.nextInt(LETTERS.size())) + "-" + RANDOM.nextInt(100) + "-" + suffix;
    }
}
