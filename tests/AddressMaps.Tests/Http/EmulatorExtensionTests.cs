namespace AddressMaps.Tests.Http;

/// <summary>The emulator's own read of which map DNS would use for a zone (CONTRACT §5 rules 1, 2).</summary>
public sealed class EmulatorExtensionTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static string Effective(string zone, string? account = null) =>
        $"{CloudflareClient.Base}/accounts/{account ?? Demo.Account}/addressing/emulator/zones/{zone}/effective_address_map";

    [Covers(Op.EffectiveMap, Op.CreateMap)]
    [Fact]
    public async Task A_zone_membership_beats_an_account_membership()
    {
        var accountWide = await Api.CreateMapAsync(new { enabled = true, memberships = new[] { new { kind = "account", identifier = Demo.Account } } });
        var zoneMap = await Api.CreateMapAsync(new { enabled = true, memberships = new[] { new { kind = "zone", identifier = Demo.ExampleCom } } });

        var forMember = (await Api.GetAsync(Effective(Demo.ExampleCom))).AssertOk().Result;
        var forOther = (await Api.GetAsync(Effective(Demo.ExampleNet))).AssertOk().Result;

        Assert.Equal(zoneMap, forMember.GetProperty("id").GetString());
        Assert.Equal(accountWide, forOther.GetProperty("id").GetString());
        Assert.True(forMember.TryGetProperty("memberships", out _), "the full map is answered");
    }

    [Covers(Op.EffectiveMap, Op.CreateMap, Op.UpdateMap)]
    [Fact]
    public async Task A_disabled_map_does_nothing()
    {
        var accountWide = await Api.CreateMapAsync(new { enabled = true, memberships = new[] { new { kind = "account", identifier = Demo.Account } } });
        await Api.CreateMapAsync(new { enabled = false, memberships = new[] { new { kind = "zone", identifier = Demo.ExampleCom } } });

        var withAccountMap = (await Api.GetAsync(Effective(Demo.ExampleCom))).AssertOk().Result;
        (await Api.PatchJsonAsync(CloudflareClient.Map(accountWide), new { enabled = false })).AssertOk();
        var withNone = (await Api.GetAsync(Effective(Demo.ExampleCom))).AssertOk().Result;

        Assert.Equal(accountWide, withAccountMap.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, withNone.ValueKind);
    }

    [Covers(Op.EffectiveMap)]
    [Fact]
    public async Task A_zone_outside_the_account_is_404_code_1000()
    {
        var response = await Api.GetAsync(Effective(Demo.ExampleOrg));

        response.AssertError(HttpStatusCode.NotFound, 1000);
        Assert.Contains(Demo.ExampleOrg, response.FirstErrorMessage, StringComparison.Ordinal);
    }
}
