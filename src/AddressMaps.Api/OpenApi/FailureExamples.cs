using AddressMaps.Api.Ips;
using AddressMaps.Api.Maps;
using AddressMaps.Api.Memberships;

namespace AddressMaps.Api.OpenApi;

/// <summary>One documented failure: the refusal the code itself builds (its rule functions called
/// with demo values, so the example follows their messages), under a key and a summary.</summary>
public sealed record FailureExample(string Key, string Summary, ApiException Error);

/// <summary>The failures each Cloudflare operation can answer, by HTTP status. Where the code
/// exposes the function that refuses, the example is that function's answer; the few messages
/// written inline in the pipeline are repeated here, and OpenApiExamplesTests compares them with
/// real answers.</summary>
public static class FailureExamples
{
    /// <summary>An id no map has (a Cloudflare-shaped id, 32 lowercase hex).</summary>
    public const string UnknownMap = "00000000000000000000000000000000";

    /// <summary>Cloudflare's example account id (its API documentation's), without the demo seed.</summary>
    public const string ExampleId = "023e105f4ecef8ad9ca31a8372d0c353";

    public static IReadOnlyDictionary<int, IReadOnlyList<FailureExample>> ForCloudflare(string operationId, string path, DemoValues? demo)
    {
        var accountId = demo?.AccountId ?? ExampleId;
        var facts = new AccountFacts(accountId, [], [], [(demo?.ZoneForCreate ?? ExampleId, "example.com")]);
        var byStatus = new Dictionary<int, IReadOnlyList<FailureExample>>
        {
            [400] = [.. BadRequest(operationId, facts), Capture("missing_credentials", "No credential (Authorize first)", () => Auth.CredentialParser.Parse(default, default, default))],
            [403] =
            [
                new("authentication_error", "The credential lacks the permission group or the account", Errors.AuthenticationError.With("Authentication error")),
                new("invalid_token", "Unknown, disabled or expired API token", Errors.InvalidToken.With("Invalid access token")),
            ],
            [413] = [new("too_large", "A body over 1 MiB", Platform.JsonBody.TooLarge())],
            [429] = [new("rate_limited", "Over the rate limit (when enabled)", RateLimiting.RateLimiter.Refusal())],
            [500] = [Internal],
            [503] = [Unavailable],
        };
        if (path.Contains("{address_map_id}", StringComparison.Ordinal) || path.Contains("{prefix_id}", StringComparison.Ordinal)
            || operationId == RequestExamples.EffectiveMap)
        {
            byStatus[404] = NotFound(operationId, path, accountId, demo?.ZoneForMembership ?? ExampleId);
        }

        return byStatus;
    }

    private static IEnumerable<FailureExample> BadRequest(string operationId, AccountFacts account)
    {
        var zone = MembershipKind.Zone;
        return operationId switch
        {
            RequestExamples.CreateMap =>
            [
                new("zone_on_another_map", "The zone is already a member of another map", MembershipRules.AlreadyMemberElsewhere(zone, account.Zones[0].Id)),
                Capture("ip_not_owned", "An IP outside the account's prefixes", () => IpRules.EnsureOwned(IPAddress.Parse("192.0.2.10"), account, false)),
            ],
            RequestExamples.UpdateMap => [Capture("invalid_default_sni", "default_sni is not a hostname", () => MapRules.NormalizeDefaultSni("not a hostname", account))],
            "ip-address-management-address-maps-delete-address-map" =>
                [Capture("enabled", "The map is still enabled", () => MapRules.EnsureDeletable(new MapFacts(UnknownMap, true, true, true, [])))],
            RequestExamples.AddIp => [Capture("ip_not_owned", "An IP outside the account's prefixes", () => IpRules.EnsureOwned(IPAddress.Parse("192.0.2.10"), account, false))],
            RequestExamples.AddZone => [new("zone_on_another_map", "The zone is already a member of another map", MembershipRules.AlreadyMemberElsewhere(zone, account.Zones[0].Id))],
            "ip-address-management-address-maps-add-an-account-membership-to-an-address-map" =>
                [new("account_on_another_map", "The account is already a member of another map", MembershipRules.AlreadyMemberElsewhere(MembershipKind.Account, account.Id))],
            "ip-address-management-address-maps-list-address-maps" =>
                [Capture("invalid_cidr", "?cidr= with host bits set", () => Platform.IpAddresses.ParseCidrFilter("203.0.113.1/24"))],
            _ => [],
        };
    }

    private static IReadOnlyList<FailureExample> NotFound(string operationId, string path, string accountId, string zoneOffMap) => operationId switch
    {
        RequestExamples.EffectiveMap => [new("zone", "Not a zone of the account", Emulator.EffectiveMapService.ZoneNotFound(UnknownMap, accountId))],
        _ when path.Contains("{prefix_id}", StringComparison.Ordinal) => [new("prefix", "Unknown prefix", Prefixes.PrefixService.NotFound(UnknownMap, accountId))],
        RequestExamples.RemoveZone => [MapNotFound, new("not_member", "The zone is not on the map", MembershipRules.NotMember(MembershipKind.Zone, zoneOffMap, UnknownMap))],
        _ => [MapNotFound],
    };

    private static FailureExample MapNotFound => new("map", "Unknown address map (or another account's)", MapAccess.NotFound(UnknownMap));

    /// <summary>The control plane's failures (EMULATOR.md §0): the admin check's own refusals, the
    /// operation's bad input and unknown names, and the faults every operation can meet.</summary>
    public static IReadOnlyDictionary<int, IReadOnlyList<FailureExample>> ForControlPlane(string operationId, bool hasBody)
    {
        var byStatus = new Dictionary<int, IReadOnlyList<FailureExample>>
        {
            [500] = [Internal],
            [503] = [operationId == "emulator-ready"
                ? new("not_ready", "Start-up has not finished or the database is away", Errors.NotReady.With("Not ready: database unreachable, migrations applied, seed loaded"))
                : Unavailable],
        };
        if (operationId is not ("emulator-health" or "emulator-ready"))
        {
            byStatus[401] = [new("admin_token_required", "An admin token is set and none was sent", ControlPlane.AdminAuthentication.Refusal("admin-token", "", IPAddress.Loopback)!)];
            byStatus[403] =
            [
                new("admin_token_invalid", "Not the admin token", ControlPlane.AdminAuthentication.Refusal("admin-token", "Bearer wrong", IPAddress.Loopback)!),
                new("loopback_only", "No admin token set and the caller is not on loopback", ControlPlane.AdminAuthentication.Refusal(null, "", IPAddress.Parse("192.0.2.1"))!),
            ];
        }

        var bad = ControlPlaneBadRequest(operationId).ToList();
        if (hasBody)
        {
            bad.Add(new("malformed_json", "The body is not JSON", Errors.MalformedJson.With("Malformed JSON in request body")));
            byStatus[413] = [new("too_large", "A body over 1 MiB", Platform.JsonBody.TooLarge())];
        }

        if (bad.Count > 0)
        {
            byStatus[400] = bad;
        }

        if (ControlPlaneNotFound(operationId) is { } notFound)
        {
            byStatus[404] = [notFound];
        }

        return byStatus;
    }

    private static IEnumerable<FailureExample> ControlPlaneBadRequest(string operationId) => operationId switch
    {
        "emulator-dns-answer" => [new("no_name", "?name= missing", Errors.InvalidParameter.With("invalid_parameter: name is required (e.g. ?name=shop.example&type=A)"))],
        "emulator-tls-default-sni" => [new("no_ip", "?ip= missing", Errors.InvalidParameter.With("invalid_parameter: ip is required (e.g. ?ip=192.0.0.1)"))],
        "emulator-change-clock" => [new("not_one_change", "Not exactly one change", Errors.InvalidDocument.With("clock: send exactly one of advance_seconds, set, freeze, reset"))],
        "emulator-create-snapshot" => [new("no_name", "No name", Errors.InvalidDocument.With("name: '' is not a snapshot name ([A-Za-z0-9._-], 1 to 64 characters)"))],
        _ => [],
    };

    private static FailureExample? ControlPlaneNotFound(string operationId) => operationId switch
    {
        "emulator-tls-default-sni" => new("no_default_sni", "No map holding the IP has a default SNI", Errors.NotFound.With("not_found: no address map holding 192.0.0.1 has a default SNI")),
        "emulator-restore-snapshot" or "emulator-delete-snapshot" => new("snapshot", "Unknown snapshot", ControlPlane.Snapshots.NotFound("before-my-test")),
        "emulator-delete-fault" => new("fault", "Unknown fault rule", Faults.FaultsApi.FaultNotFound(UnknownMap)),
        "emulator-delete-account" => new("account", "Unknown account", ControlPlane.AccountFactory.AccountNotFound(UnknownMap)),
        _ => null,
    };

    private static FailureExample Internal => new("internal", "Unhandled fault (logged with its cf-ray)", Errors.Internal.With("Internal server error (cf-ray 8d1f5a6b7c8d9e0f-EMU)"));

    private static FailureExample Unavailable => new("database", "The emulator's database is unreachable (Retry-After: 1)", Errors.ServiceUnavailable.With("The emulator's database (PostgreSQL) is unreachable; retry shortly"));

    private static FailureExample Capture(string key, string summary, Action refusal)
    {
        try
        {
            refusal();
        }
        catch (ApiException e)
        {
            return new FailureExample(key, summary, e);
        }

        throw new InvalidOperationException($"The example '{key}' was expected to be refused.");
    }

    private static FailureExample Capture<T>(string key, string summary, Func<T> refusal) => Capture(key, summary, () => { _ = refusal(); });
}
