package io.provisor.connector.scim;

/** Which PATCH shapes the connector sends. */
public enum Compatibility {

    /**
     * RFC 7644, as Entra sends with {@code aadOptscim062020}: lowercase {@code op}, boolean {@code active},
     * member removal by path filter ({@code members[value eq "id"]}).
     */
    RFC7644("rfc7644"),

    /**
     * Entra's legacy shapes for apps written against them: {@code "op":"Replace"}/{@code Add}/{@code Remove},
     * booleans as {@code "True"}/{@code "False"} strings, member removal as {@code Remove} of {@code members}
     * with a value list.
     */
    ENTRA_LEGACY("entra-legacy");

    private final String configName;

    Compatibility(String configName) {
        this.configName = configName;
    }

    /** The spelling in app.json. */
    public String configName() {
        return configName;
    }
}
