namespace AddressMaps.Api.Maps;

/// <summary>The rules of a map itself (CONTRACT §5 rules 3 and 7) as pure functions: each returns
/// normally or throws the rule's <see cref="ApiException"/>.</summary>
public static class MapRules
{
    /// <summary>Rule 3: delete only a disabled map with can_delete.</summary>
    public static void EnsureDeletable(MapFacts map)
    {
        if (!map.CanDelete)
        {
            throw Errors.MapNotDeletable.With($"address map {map.Id} is managed by Cloudflare and cannot be deleted (can_delete is false)");
        }

        if (map.Enabled)
        {
            throw Errors.MapEnabled.With($"address map {map.Id} is enabled; disable it (PATCH enabled: false) before deleting it");
        }
    }

    /// <summary>Rule 7: default SNI is a valid hostname (a leading '*.' allowed), equal to or under
    /// one of the account's zone names. Returns the normalised (lower-case) value.</summary>
    public static string? NormalizeDefaultSni(string? sni, AccountFacts account)
    {
        if (sni is null)
        {
            return null;
        }

        var host = sni.ToLowerInvariant();
        if (!Text.IsHostname(host))
        {
            throw Errors.InvalidDefaultSni.With($"default_sni '{Text.Shorten(sni)}' is not a valid hostname");
        }

        var bare = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        var owned = account.Zones.Any(z => bare == z.Name || bare.EndsWith("." + z.Name, StringComparison.Ordinal));
        return owned ? host : throw Errors.DefaultSniNotOwned.With($"default_sni '{sni}' is not a zone of account {account.Id} nor a subdomain of one");
    }
}
