using AddressMaps.Api.Ips;
using AddressMaps.Api.Maps;
using AddressMaps.Api.Memberships;

namespace AddressMaps.Tests.Unit;

public sealed class AddressMapRulesTests
{
    private static readonly AccountFacts Account = new(
        Demo.Account,
        [IPNetwork.Parse("203.0.113.0/24"), IPNetwork.Parse("2001:db8::/32")],
        [IPAddress.Parse("198.18.10.1")],
        [(Demo.ExampleCom, "example.com"), (Demo.ShopExample, "shop.example")]);

    private static int Code(Action rule) => Assert.Throws<ApiException>(rule).Error.Code;

    [Theory]
    [InlineData("203.0.113.1", "203.0.113.1")]
    [InlineData("2001:DB8:0:0::1", "2001:db8::1")]
    [InlineData("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1")]
    [InlineData("::ffff:203.0.113.1", "::ffff:203.0.113.1")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    public void ParseIp_accepts_literals_and_returns_the_canonical_form(string raw, string canonical) =>
        Assert.Equal(canonical, IpAddresses.Canonical(IpAddresses.Parse(raw)));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("1")]
    [InlineData("203.0.113")]
    [InlineData("203.0.113.1.5")]
    [InlineData("203.0.113.256")]
    [InlineData("203.0.113.01")]
    [InlineData("0x7f.0.0.1")]
    [InlineData(" 203.0.113.1")]
    [InlineData("203.0.113.0/24")]
    [InlineData("2001:db8::/32")]
    [InlineData("[2001:db8::1]")]
    [InlineData("fe80::1%eth0")]
    [InlineData("example.com")]
    [InlineData("2001:db8:::1")]
    public void ParseIp_refuses_anything_but_a_plain_literal_with_1006(string? raw) =>
        Assert.Equal(1006, Code(() => IpAddresses.Parse(raw)));

    [Fact]
    public void ParseIp_names_a_cidr_as_such()
    {
        var error = Assert.Throws<ApiException>(() => IpAddresses.Parse("203.0.113.0/24"));

        Assert.Contains("'203.0.113.0/24'", error.Message, StringComparison.Ordinal);
        Assert.Contains("CIDR", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("203.0.113.200")]
    [InlineData("2001:db8:ffff::1")]
    public void An_ip_inside_an_approved_prefix_is_owned(string ip) =>
        IpRules.EnsureOwned(IPAddress.Parse(ip), Account, targetIsManagedMap: false);

    [Theory]
    [InlineData("203.0.114.1")]
    [InlineData("2001:db9::1")]
    [InlineData("198.18.10.2")]
    public void An_ip_outside_every_prefix_is_not_owned(string ip) =>
        Assert.Equal(1007, Code(() => IpRules.EnsureOwned(IPAddress.Parse(ip), Account, targetIsManagedMap: false)));

    [Fact]
    public void A_static_ip_belongs_only_on_the_managed_map()
    {
        IpRules.EnsureOwned(IPAddress.Parse("198.18.10.1"), Account, targetIsManagedMap: true);

        Assert.Equal(1008, Code(() => IpRules.EnsureOwned(IPAddress.Parse("198.18.10.1"), Account, targetIsManagedMap: false)));
    }

    [Fact]
    public void Delete_needs_a_disabled_deletable_map()
    {
        MapRules.EnsureDeletable(new MapFacts("m", Enabled: false, CanDelete: true, CanModifyIps: true, []));

        Assert.Equal(1003, Code(() => MapRules.EnsureDeletable(new MapFacts("m", true, true, true, []))));
        Assert.Equal(1004, Code(() => MapRules.EnsureDeletable(new MapFacts("m", false, false, false, []))));
        Assert.Equal(1004, Code(() => MapRules.EnsureDeletable(new MapFacts("m", true, false, false, []))));
    }

    [Fact]
    public void Ips_of_a_map_without_can_modify_ips_are_frozen() =>
        Assert.Equal(1005, Code(() => IpRules.EnsureModifiable(new MapFacts("m", false, false, false, []))));

    [Fact]
    public void Memberships_name_a_zone_of_the_account_or_the_account_itself()
    {
        MembershipRules.EnsureAllowed(MembershipKind.Zone, Demo.ExampleCom, Account, _ => false);
        MembershipRules.EnsureAllowed(MembershipKind.Account, Account.Id, Account, _ => false);
        MembershipRules.EnsureAllowed(MembershipKind.Account, Demo.OtherAccount, Account, a => a == Demo.OtherAccount); // CONTRACT §10.1

        Assert.Equal(1009, Code(() => MembershipRules.EnsureAllowed(MembershipKind.Zone, Demo.ExampleOrg, Account, _ => true)));
        Assert.Equal(1011, Code(() => MembershipRules.EnsureAllowed(MembershipKind.Account, Demo.OtherAccount, Account, _ => false)));
        Assert.Equal(1013, Code(() => MembershipRules.EnsureDeletable(new MembershipFacts(MembershipKind.Account, Account.Id, CanDelete: false), "m")));
    }

    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("*.example.com", "*.example.com")]
    [InlineData("a.b.shop.example", "a.b.shop.example")]
    [InlineData("WWW.Example.Com", "www.example.com")]
    public void Default_sni_under_an_account_zone_is_valid(string sni, string normalized) =>
        Assert.Equal(normalized, MapRules.NormalizeDefaultSni(sni, Account));

    [Theory]
    [InlineData("", 1014)]
    [InlineData("*", 1014)]
    [InlineData("*.", 1014)]
    [InlineData("com", 1014)]
    [InlineData("a b.example.com", 1014)]
    [InlineData("-a.example.com", 1014)]
    [InlineData("a-.example.com", 1014)]
    [InlineData("x.*.example.com", 1014)]
    [InlineData("**.example.com", 1014)]
    [InlineData("example.org", 1015)]
    [InlineData("badexample.com", 1015)]
    [InlineData("*.com", 1014)]
    public void Default_sni_that_is_no_hostname_or_not_the_accounts_is_refused(string sni, int code) =>
        Assert.Equal(code, Code(() => MapRules.NormalizeDefaultSni(sni, Account)));

    [Fact]
    public void Default_sni_null_stays_null() => Assert.Null(MapRules.NormalizeDefaultSni(null, Account));

    private static readonly string ZoneId = Demo.ExampleCom;

    private static MapFacts MapWith(string id, bool enabled, params (string Kind, string Identifier)[] members) =>
        new(id, enabled, true, true, members.Select(m => new MembershipFacts(EnumText.ParseKind(m.Kind)!.Value, m.Identifier, true)).ToList());

    [Fact]
    public void A_zone_membership_beats_an_account_membership()
    {
        var accountWide = MapWith("account-wide", true, ("account", Account.Id));
        var zoneMap = MapWith("zone", true, ("zone", ZoneId));

        Assert.Equal("zone", MembershipRules.EffectiveMapForZone(ZoneId, Account.Id, [accountWide, zoneMap])!.Id);
        Assert.Equal("zone", MembershipRules.EffectiveMapForZone(ZoneId, Account.Id, [zoneMap, accountWide])!.Id);
    }

    [Fact]
    public void Without_a_zone_membership_the_account_membership_applies()
    {
        var accountWide = MapWith("account-wide", true, ("account", Account.Id));
        var otherZone = MapWith("other", true, ("zone", Demo.ShopExample));

        Assert.Equal("account-wide", MembershipRules.EffectiveMapForZone(ZoneId, Account.Id, [otherZone, accountWide])!.Id);
    }

    [Fact]
    public void Disabled_maps_do_nothing()
    {
        var disabledZoneMap = MapWith("zone", false, ("zone", ZoneId));
        var accountWide = MapWith("account-wide", true, ("account", Account.Id));

        Assert.Equal("account-wide", MembershipRules.EffectiveMapForZone(ZoneId, Account.Id, [disabledZoneMap, accountWide])!.Id);
        Assert.Null(MembershipRules.EffectiveMapForZone(ZoneId, Account.Id, [disabledZoneMap, MapWith("a", false, ("account", Account.Id))]));
        Assert.Null(MembershipRules.EffectiveMapForZone(ZoneId, Account.Id, [MapWith("empty", true)]));
    }

    [Theory]
    [InlineData(617500L, "2023-07-10T02:07:13.06175Z")]
    [InlineData(0L, "2023-07-10T02:07:13Z")]
    [InlineData(6368180L, "2023-07-10T02:07:13.636818Z")]
    [InlineData(9L, "2023-07-10T02:07:13Z")]
    [InlineData(1000000L, "2023-07-10T02:07:13.1Z")]
    [InlineData(6368189L, "2023-07-10T02:07:13.636818Z")]
    public void Timestamps_are_rfc3339_with_trailing_zeros_trimmed(long ticksAfterSecond, string expected) =>
        Assert.Equal(expected, Text.Timestamp(Capture.AddTicks(ticksAfterSecond)));

    [Fact]
    public void Timestamps_read_as_the_custom_format_they_replace_for_any_instant()
    {
        var random = new Random(20261202);
        for (var i = 0; i < 20_000; i++)
        {
            var ticks = random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
            // Every other instant on a whole second or millisecond, where the trimming matters most.
            var t = new DateTime(i % 4 == 0 ? ticks - ticks % TimeSpan.TicksPerSecond : i % 4 == 1 ? ticks - ticks % TimeSpan.TicksPerMillisecond : ticks, DateTimeKind.Utc);
            Assert.Equal(t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture), Text.Timestamp(t));
        }
    }

    [Fact]
    public void Timestamps_are_truncated_to_the_microseconds_postgresql_keeps() =>
        Assert.Equal(Capture.AddTicks(6368180), Clock.Truncate(Capture.AddTicks(6368189)));

    private static readonly DateTime Capture = new(2023, 7, 10, 2, 7, 13, DateTimeKind.Utc);
}
