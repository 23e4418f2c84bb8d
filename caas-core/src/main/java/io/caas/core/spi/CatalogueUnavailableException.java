package io.caas.core.spi;

/**
 * The cloud behind a {@link Catalogue} cannot be asked right now (a service down, or missing from the catalog of the
 * provider's credentials): the API answers 503 with this message, which names the service and what to check.
 */
public class CatalogueUnavailableException extends RuntimeException {
    public CatalogueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
