using System.Text.Json.Nodes;

namespace AddressMaps.Api.OpenApi;

/// <summary>One named example of a request body or response (Swagger UI's example selector).</summary>
public sealed record NamedExample(string Key, string Summary, JsonNode? Value, string? Description = null);

/// <summary>Request bodies and path values that succeed as they stand against the demo seed and
/// the state the document was made from (<see cref="DemoState"/>); the first body is the one
/// Swagger UI pre-fills. Tests execute every one of them (OpenApiExamplesTests).</summary>
public static class RequestExamples
{
    public const string CreateMap = "ip-address-management-address-maps-create-address-map";
    public const string UpdateMap = "ip-address-management-address-maps-update-address-map";
    public const string AddZone = "ip-address-management-address-maps-add-a-zone-membership-to-an-address-map";
    public const string RemoveZone = "ip-address-management-address-maps-remove-a-zone-membership-from-an-address-map";
    public const string AddIp = "ip-address-management-address-maps-add-an-ip-to-an-address-map";
    public const string RemoveIp = "ip-address-management-address-maps-remove-an-ip-from-an-address-map";
    public const string EffectiveMap = "emulator-effective-address-map-for-zone";
    public const string DeleteAccount = "emulator-delete-account";

    private const string Description = "My Ecommerce zones";

    public static IReadOnlyList<NamedExample> Bodies(string operationId, DemoState state, DemoValues? demo) => operationId switch
    {
        CreateMap => CreateBodies(state),
        "emulator-create-account" => [new("ci_job", "An account of its own for one CI job", new JsonObject { ["name"] = "ci-job-1" })],
        "emulator-change-clock" => [new("advance", "One hour later", new JsonObject { ["advance_seconds"] = 3600 })],
        "emulator-create-snapshot" => [new("name", "Store the state as 'before-my-test'", new JsonObject { ["name"] = "before-my-test" })],
        "emulator-verify-requests" => [new("creates", "How many creates were recorded (at least none)", new JsonObject
        {
            ["method"] = "POST", ["path"] = "/client/v4/accounts/*/addressing/address_maps", ["at_least"] = 0,
        })],
        "emulator-create-fault" => [new("one_503", "The next create answers 503 code 10002, once", new JsonObject
        {
            ["match"] = new JsonObject { ["method"] = "POST", ["path"] = "/client/v4/accounts/*/addressing/address_maps" },
            ["fault"] = new JsonObject { ["status"] = 503, ["code"] = 10002, ["message"] = "Injected: the database is away", ["retry_after"] = 1 },
            ["times"] = 1,
        })],
        "emulator-put-seed" or "emulator-put-state" when demo is not null =>
            [new("demo_seed", "The built-in demo seed (as at start-up)", JsonNode.Parse(File.ReadAllText(Seed.WorldStateStartup.DemoSeedPath)))],
        UpdateMap =>
        [
            new("description", "A new description", new JsonObject { ["description"] = Description + " (renamed)" }),
            new("disable", "Disable the map (before deleting it: an enabled map answers 1003)", new JsonObject { ["enabled"] = false }),
        ],
        _ => [],
    };

    private static IReadOnlyList<NamedExample> CreateBodies(DemoState state)
    {
        var repeatable = new NamedExample("no_membership", "Cloudflare's set-up page body without a membership (works every time)", Create([]));
        var defaultSni = new NamedExample("default_sni", "The set-up page's second body: a default SNI, disabled", new JsonObject
        {
            ["description"] = "default_sni",
            ["default_sni"] = "sni.example.com",
            ["enabled"] = false,
            ["ips"] = new JsonArray("192.0.0.1"),
            ["memberships"] = new JsonArray(),
        });
        if (state.FreeZones.Count == 0)
        {
            return [repeatable, defaultSni];
        }

        var (id, name) = state.FreeZones[0];
        var withZone = new NamedExample("set_up_page", $"Cloudflare's set-up page body, with the demo zone {name}", Create([id]),
            $"{name} is on no map yet. A zone is a member of one map at a time: once this map holds it, this body answers 400 code 1010 (reload the page for the next free zone, or pick the example without a membership).");
        return [withZone, repeatable, defaultSni];
    }

    private static JsonObject Create(IReadOnlyList<string> zones) => new()
    {
        ["description"] = Description,
        ["enabled"] = true,
        ["ips"] = new JsonArray("203.0.113.1", "203.0.113.2"),
        ["memberships"] = new JsonArray(zones.Select(z => (JsonNode)new JsonObject { ["kind"] = "zone", ["identifier"] = z }).ToArray()),
    };

    public const string DeleteDelegation = "ip-address-management-prefix-delegation-delete-prefix-delegation";

    /// <summary>The value of a path or query parameter, or null where there is no working one.</summary>
    public static string? ParameterValue(string operationId, string parameter, DemoValues demo, DemoState state) => (parameter, operationId) switch
    {
        ("account_id", DeleteAccount) => null, // only accounts made by POST /_emulator/accounts can go
        ("account_id", _) => demo.AccountId,
        ("address_map_id", _) => state.NewestMapId,
        ("member_account_id", _) => demo.AccountId,
        ("prefix_id", DeleteDelegation) => state.NewestDelegation?.PrefixId ?? demo.PrefixId,
        ("prefix_id", _) => demo.PrefixId,
        ("delegation_id", _) => state.NewestDelegation?.Id,
        ("zone_id", EffectiveMap) => demo.EffectiveMapZone,
        ("zone_id", RemoveZone) => state.ZoneOnNewestMap ?? ZoneToAdd(state) ?? demo.ZoneForMembership,
        ("zone_id", _) => ZoneToAdd(state) ?? demo.ZoneForMembership,
        ("ip_address", RemoveIp) => state.IpOnNewestMap ?? DemoValues.Ip,
        ("ip_address", _) => DemoValues.Ip,
        ("name", "emulator-dns-answer") => "shop.example",
        ("type", "emulator-dns-answer") => "A",
        ("ip", "emulator-tls-default-sni") => "192.0.0.1",
        _ => null,
    };

    /// <summary>A free zone other than the one the create example takes, so that both work.</summary>
    private static string? ZoneToAdd(DemoState state) => state.FreeZones.Skip(1).Concat(state.FreeZones).Select(z => z.Id).FirstOrDefault();
}
