using static AddressMaps.Tests.Auth.AddressMapOperations;

namespace AddressMaps.Tests.Auth;

/// <summary>The cross-account matrix: every identity of one account, every address-map and prefix
/// operation, aimed (a) at another account's path and (b) at another account's object under the
/// caller's own path. No cell may answer 2xx, leak the other account's data, or change it.
/// Expected answers: (a) 403 10000 (the credential does not reach that account); (b) 404 1000
/// (every query filters by the path's account, so the object "does not exist" there), unless the
/// caller lacks the permission group first (403 10000) or its own account lacks the add-on (403 1002).</summary>
public sealed class CrossAccountMatrixTests(ApiFixture fixture) : ApiTest(fixture)
{
    public const string ForeignPath = "another account's path";
    public const string OwnPath = "another account's object under its own path";

    /// <summary>An account as a party to the matrix: the resources a request may name in it.</summary>
    private sealed record Party(string Id, bool AddOn, string FreeIp, string FreeZone);

    /// <summary>The account attacked: its owner, the map built for the test, and what it holds.</summary>
    private sealed record Victim(Party Account, Credentials Owner, object MapBody, string MapIp, string MapZone, string FreeZone, string PrefixId);

    private sealed record Attacker(Credentials Credentials, Party Own, Victim Victim, params string[] Groups);

    private static readonly Party DemoParty = new(Demo.Account, true, "203.0.113.88", Demo.ExampleCom);
    private static readonly Party OtherParty = new(Demo.OtherAccount, true, "192.0.2.88", Demo.ExampleOrg);
    private static readonly Party StaticParty = new(Demo.StaticAccount, true, "198.18.10.1", Demo.StaticExample);
    private static readonly Party NoAddOnParty = new(Demo.NoAddOnAccount, false, "203.0.113.88", Demo.NoAddOnZone);

    // A disabled, deletable map holding IPs, a zone and (on Demo) the account itself: a request that
    // got through would visibly change it.
    private static readonly Victim DemoVictim = new(
        DemoParty,
        Credentials.DemoKey,
        new
        {
            description = "victim map of Demo BYOIP",
            default_sni = "*.example.net",
            ips = new[] { "203.0.113.77", "2001:db8::77" },
            memberships = new[] { new { kind = "zone", identifier = Demo.ExampleNet }, new { kind = "account", identifier = Demo.Account } },
        },
        MapIp: "203.0.113.77",
        MapZone: Demo.ExampleNet,
        FreeZone: Demo.ExampleCom,
        PrefixId: Demo.DemoPrefix);

    // Other BYOIP's own account membership sits on its Cloudflare-managed map, so this map has a zone only.
    private static readonly Victim OtherVictim = new(
        OtherParty,
        Credentials.OtherWriteToken,
        new
        {
            description = "victim map of Other BYOIP",
            default_sni = "*.example.org",
            ips = new[] { "192.0.2.77", "192.0.2.78" },
            memberships = new[] { new { kind = "zone", identifier = Demo.ExampleOrg } },
        },
        MapIp: "192.0.2.77",
        MapZone: Demo.ExampleOrg,
        FreeZone: Demo.ExampleOrg,
        PrefixId: Demo.OtherPrefix);

    private static readonly Dictionary<string, Attacker> Attackers = new()
    {
        ["demo user key"] = new(Credentials.DemoKey, DemoParty, OtherVictim, "read", "write", "prefixes"),
        ["Demo write token"] = new(Credentials.WriteToken, DemoParty, OtherVictim, "read", "write", "prefixes"),
        ["Demo read token"] = new(Credentials.ReadToken, DemoParty, OtherVictim, "read"),
        ["Other write token"] = new(Credentials.OtherWriteToken, OtherParty, DemoVictim, "read", "write"),
        ["Static write token"] = new(Credentials.StaticWriteToken, StaticParty, DemoVictim, "read", "write"),
        ["No add-on write token"] = new(Credentials.NoAddOnWriteToken, NoAddOnParty, DemoVictim, "read", "write"),
    };

    /// <summary>One row per cell: 6 identities × (13 operations on the foreign path + the 10 that name
    /// an object, under the caller's own path) = 138.</summary>
    public static TheoryData<string, string, string> Cells()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var attacker in Attackers.Keys)
        {
            foreach (var operation in All)
            {
                data.Add(attacker, ForeignPath, operation);
            }

            foreach (var operation in ById)
            {
                data.Add(attacker, OwnPath, operation);
            }
        }

        return data;
    }

    [Fact]
    public void The_matrix_covers_every_operation_for_every_identity()
    {
        var cells = Cells().Select(row => ((string)row[0], (string)row[1], (string)row[2])).ToList();

        Assert.Equal(138, cells.Count);
        Assert.Equal(cells.Count, cells.Distinct().Count());
        Assert.All(Attackers.Keys, a => Assert.Equal(All.Count + ById.Count, cells.Count(c => c.Item1 == a)));
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cross_account(string attacker, string aim, string operation)
    {
        var who = Attackers[attacker];
        var victim = who.Victim;
        var owner = Api.As(victim.Owner);
        var victimMap = (await owner.PostJsonAsync(CloudflareClient.Maps(victim.Account.Id), victim.MapBody)).AssertOk().Result.GetProperty("id").GetString()!;
        var before = await SnapshotAsync(owner, victim.Account.Id);
        var target = Target(who, aim, operation, victimMap);
        var (_, path, body) = Request(operation, target);
        var secrets = VictimSecrets(before, victim.Account.Id).Where(s => !path.Contains(s, StringComparison.Ordinal) && body?.Contains(s, StringComparison.Ordinal) != true).ToList();

        var response = await Api.As(who.Credentials).SendAsync(operation, target);

        Assert.False((int)response.Status is >= 200 and < 300, $"{attacker} → {aim} {operation} answered {(int)response.Status}: {response.Body}");
        var (status, code) = Expected(who, aim, operation);
        response.AssertError(status, code);
        Assert.All(secrets, s => Assert.DoesNotContain(s, response.Body, StringComparison.Ordinal));
        Assert.Equal(before, await SnapshotAsync(owner, victim.Account.Id));
    }

    private static OperationTarget Target(Attacker who, string aim, string operation, string victimMap)
    {
        var victim = who.Victim;
        // On the foreign path, adds name the victim's own free resources (what its owner could add);
        // under the caller's path they name the caller's (what would pass an ownership check made
        // against the path's account). Removals always name what sits on the victim's map.
        var adder = aim == ForeignPath ? victim.Account : who.Own;
        return new OperationTarget(
            Account: aim == ForeignPath ? victim.Account.Id : who.Own.Id,
            MapId: victimMap,
            Ip: operation == AddIp ? adder.FreeIp : victim.MapIp,
            Zone: operation == AddZone ? (aim == ForeignPath ? victim.FreeZone : who.Own.FreeZone) : victim.MapZone,
            MemberAccount: operation == AddAccount ? adder.Id : victim.Account.Id,
            PrefixId: victim.PrefixId);
    }

    private static (HttpStatusCode Status, int Code) Expected(Attacker who, string aim, string operation)
    {
        if (aim == ForeignPath || !who.Groups.Contains(Needs(operation)))
        {
            return (HttpStatusCode.Forbidden, 10000);
        }

        return IsMapOperation(operation) && !who.Own.AddOn
            ? (HttpStatusCode.Forbidden, 1002)
            : (HttpStatusCode.NotFound, 1000);
    }

    /// <summary>Every distinctive string of the victim account: its maps' ids, descriptions, SNIs,
    /// IPs, member identifiers and timestamps, and its prefixes' ids, CIDRs and descriptions.</summary>
    private IEnumerable<string> VictimSecrets(string snapshot, string account)
    {
        var fromMaps = snapshot.Split('\n').SelectMany(part => StringLeaves(JsonDocument.Parse(part).RootElement));
        using var db = Fixture.NewDbContext();
        var fromPrefixes = db.Prefixes.Where(p => p.AccountId == account).AsEnumerable()
            .SelectMany(p => new[] { p.Id, p.Cidr.ToString(), p.Description ?? "" }).ToList();
        return fromMaps.Concat(fromPrefixes).Where(s => s.Length >= 8).Distinct();
    }

    private static IEnumerable<string> StringLeaves(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Array => e.EnumerateArray().SelectMany(StringLeaves),
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => StringLeaves(p.Value)),
        _ => [],
    };
}
