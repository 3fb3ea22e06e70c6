namespace AddressMaps.Api.Platform;

/// <summary>The path prefixes Cloudflare's routes share, written once.</summary>
public static class Routes
{
    public const string ClientV4 = "/client/v4";

    /// <summary>Everything of an account's addressing: address maps, prefixes.</summary>
    public const string Addressing = ClientV4 + "/accounts/{account_id:cfid}/addressing";

    public const string AddressMaps = Addressing + "/address_maps";

    public const string AddressMap = AddressMaps + "/{address_map_id:cfid}";

    /// <summary>Route values bound by name.</summary>
    public const string AccountId = "account_id";

    public const string AddressMapId = "address_map_id";
}
