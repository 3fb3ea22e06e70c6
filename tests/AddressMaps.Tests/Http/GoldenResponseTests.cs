using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace AddressMaps.Tests.Http;

/// <summary>The emulator's answer against the one real response on record (CONTRACT §9): the
/// same two maps are made at the captured instants (the emulator's clock, frozen and set), on an
/// account whose zone is the capture's terraform.cfapi.net, then listed; the answer is the capture
/// byte for byte once the random map ids are swapped for the captured ones — the newer map first,
/// keys in the same order, same JSON types, same timestamps, same content type.</summary>
public sealed partial class GoldenResponseTests(ApiFixture fixture) : ApiTest(fixture)
{
    /// <summary>CONTRACT §9, verbatim: a real GET /client/v4/accounts/{id}/addressing/address_maps.</summary>
    private const string CapturedBody = """
        {"errors":[],"messages":[],"result":[
         {"can_delete":true,"can_modify_ips":true,"created_at":"2023-07-10T02:07:13.06175Z",
          "default_sni":"*.terraform.cfapi.net","description":"qvkynjoxpz","enabled":true,
          "id":"5425914c83244b0fafb14e5662f0d8a8","modified_at":"2023-07-10T02:07:14.636818Z"},
         {"can_delete":true,"can_modify_ips":true,"created_at":"2023-07-07T01:57:01.526149Z",
          "default_sni":"*.terraform.cfapi.net","description":"tlrcfnztky","enabled":true,
          "id":"666bdc47c60849dd921c4737574dbeaf","modified_at":"2023-07-07T01:57:04.246736Z"}],
         "success":true}
        """;

    private const string CapturedContentType = "application/json; charset=UTF-8";
    private const string CapturedAuditLogId = "01952a70-d78b-7d73-9be2-7241f4a11fd8";

    // A wildcard under one of the demo account's zones, like the capture's *.terraform.cfapi.net.
    private const string DemoDefaultSni = "*.example.com";

    private static readonly string[] TimestampKeys = ["created_at", "modified_at"];

    [Covers(Op.CreateMap, Op.UpdateMap, Op.ListMaps, "emulator-change-clock", "emulator-create-account")]
    [Fact]
    public async Task The_two_captured_maps_made_at_their_instants_list_as_the_capture_newest_first()
    {
        var captured = JsonDocument.Parse(CapturedBody).RootElement;
        var account = await ControlPlane.ControlPlaneClient.CreateAccountAsync(Api.Http, new { zones = new[] { "terraform.cfapi.net" } });
        var api = Api.As(account.KeyCredential); // a user: a token would not be valid yet in 2023
        await ClockAsync(new { freeze = true });
        var ids = new Dictionary<string, string>();
        foreach (var map in captured.GetProperty("result").EnumerateArray().Reverse()) // oldest first
        {
            ids[await MakeAsync(api, account.Id, map)] = map.GetProperty("id").GetString()!;
        }

        var list = await api.GetAsync(CloudflareClient.Maps(account.Id));

        list.AssertOk();
        AssertSameShape(captured, list.Json, "$");
        Assert.False(list.Json.TryGetProperty("result_info", out _), "the real list answer carries no result_info");
        var body = ids.Aggregate(list.Body, (text, id) => text.Replace(id.Key, id.Value, StringComparison.Ordinal));
        Assert.Equal(Minified(captured), Minified(JsonDocument.Parse(body).RootElement));
        AssertSameMediaTypeAndCharset(CapturedContentType, list.Header("Content-Type"));
        Assert.All(ids.Keys, id => Assert.Matches(IdPattern(), id));
    }

    /// <summary>Creates the captured map disabled at its created_at, then enables it at its
    /// modified_at (a real change, so modified_at moves); answers the new map's id.</summary>
    private async Task<string> MakeAsync(CloudflareClient api, string account, JsonElement map)
    {
        await ClockAsync(new { set = map.GetProperty("created_at").GetString() });
        var id = await api.CreateMapAsync(new
        {
            description = map.GetProperty("description").GetString(),
            default_sni = map.GetProperty("default_sni").GetString(),
            enabled = false,
        }, account);
        await ClockAsync(new { set = map.GetProperty("modified_at").GetString() });
        (await api.PatchJsonAsync(CloudflareClient.Map(id, account), new { enabled = map.GetProperty("enabled").GetBoolean() })).AssertOk();
        return id;
    }

    private async Task ClockAsync(object change) =>
        (await ControlPlane.ControlPlaneClient.SendAsync(Api.Http, HttpMethod.Post, "/_emulator/clock", JsonSerializer.Serialize(change))).AssertOk();

    private static string Minified(JsonElement e) => JsonSerializer.Serialize(e);

    [Covers(Op.CreateMap)]
    [Fact]
    public async Task The_create_answer_carries_a_uuidv7_audit_log_id_like_the_captured_one()
    {
        Assert.Equal(7, Guid.Parse(CapturedAuditLogId).Version);

        var create = await Api.PostJsonAsync(CloudflareClient.Maps(), new { description = "qvkynjoxpz", default_sni = DemoDefaultSni, enabled = true });

        create.AssertOk();
        var audit = create.Header("Cf-Auditlog-Id");
        Assert.NotNull(audit);
        Assert.Matches(UuidPattern(), audit);
        Assert.Equal(7, Guid.Parse(audit).Version);
        AssertSameMediaTypeAndCharset(CapturedContentType, create.Header("Content-Type"));
        // The capture shows Cf-Auditlog-Id on its GET list answer: the emulator's list answer has one too.
        var list = await Api.GetAsync(CloudflareClient.Maps());
        Assert.Equal(7, Guid.Parse(list.AssertOk().Header("Cf-Auditlog-Id")!).Version);
    }

    [Fact]
    public void The_capture_itself_has_alphabetical_keys_and_trimmed_timestamps()
    {
        // What the emulator's key order and timestamp format are derived from.
        var captured = JsonDocument.Parse(CapturedBody).RootElement;
        var map = captured.GetProperty("result")[0];

        Assert.Equal(Keys(captured).Order(StringComparer.Ordinal), Keys(captured));
        Assert.Equal(Keys(map).Order(StringComparer.Ordinal), Keys(map));
        Assert.All(TimestampKeys, key => Assert.Matches(TimestampPattern(), map.GetProperty(key).GetString()));
    }

    /// <summary>Same JSON types and, for objects, the same keys in the same order; arrays item by
    /// item; strings that are timestamps in the capture must be timestamps of the same format.</summary>
    private static void AssertSameShape(JsonElement expected, JsonElement actual, string path)
    {
        Assert.True(Kind(expected) == Kind(actual), $"{path}: expected {Kind(expected)}, got {Kind(actual)} ({actual.GetRawText()})");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.True(Keys(expected).SequenceEqual(Keys(actual)),
                    $"{path}: expected keys [{string.Join(", ", Keys(expected))}], got [{string.Join(", ", Keys(actual))}]");
                foreach (var property in expected.EnumerateObject())
                {
                    AssertSameShape(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(),
                    $"{path}: expected {expected.GetArrayLength()} item(s), got {actual.GetArrayLength()}");
                for (var i = 0; i < expected.GetArrayLength(); i++)
                {
                    AssertSameShape(expected[i], actual[i], $"{path}[{i}]");
                }

                break;
            case JsonValueKind.String when TimestampPattern().IsMatch(expected.GetString()!):
                Assert.True(TimestampPattern().IsMatch(actual.GetString()!), $"{path}: '{actual.GetString()}' is not an RFC 3339 UTC timestamp with a trimmed fraction");
                break;
        }
    }

    private static void AssertSameMediaTypeAndCharset(string expected, string? actual)
    {
        Assert.NotNull(actual);
        var e = MediaTypeHeaderValue.Parse(expected);
        var a = MediaTypeHeaderValue.Parse(actual);
        Assert.Equal(e.MediaType, a.MediaType, ignoreCase: true);
        Assert.Equal(e.CharSet, a.CharSet, ignoreCase: true);
    }

    private static List<string> Keys(JsonElement obj) => obj.EnumerateObject().Select(p => p.Name).ToList();

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        var k => k.ToString().ToLowerInvariant(),
    };

    /// <summary>RFC 3339, UTC, seconds, then an optional fraction of up to 6 digits without trailing zeros.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{0,5}[1-9])?Z$")]
    private static partial Regex TimestampPattern();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex UuidPattern();
}
