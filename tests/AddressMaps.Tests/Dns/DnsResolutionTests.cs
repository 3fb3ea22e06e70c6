using System.Net.Sockets;
using AddressMaps.Api.Dns;
using AddressMaps.Api.Maps;

namespace AddressMaps.Tests.Dns;

/// <summary>The resolution function over plain data: one test per branch of its trace.</summary>
public sealed class DnsResolutionTests
{
    private static readonly string Account = new('a', 32);
    private static readonly string ShopId = new('1', 32);
    private static readonly string BlogId = new('2', 32);
    private static readonly string DeepId = new('3', 32);

    private static readonly DnsZone Shop = new(ShopId, "shop.example", Account, []);
    private static readonly DnsZone Blog = new(BlogId, "blog.example", Account,
    [
        new("blog.example", "A", "198.51.100.7", true, 1),
        new("direct.blog.example", "A", "192.0.2.55", false, 120),
        new("direct.blog.example", "TXT", "hello", false, 1),
        new("alias.blog.example", "CNAME", "target.example.net", false, 1),
        new("cdn.blog.example", "CNAME", "origin.example.net", true, 1),
        new("*.blog.example", "A", "192.0.2.99", false, 60),
        new("*.eu.blog.example", "A", "192.0.2.98", true, 1),
    ]);

    private static DnsMap Map(string id, bool enabled, string ips, params (MembershipKind Kind, string Id)[] members) => new(
        new MapFacts(id, enabled, true, true, members.Select(m => new MembershipFacts(m.Kind, m.Id, true)).ToList()),
        Account, ips.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(IPAddress.Parse).ToList(), null, DateTime.UnixEpoch);

    private static DnsWorld World(params DnsMap[] maps) => new([Shop, Blog], maps);

    private static List<string> Data(DnsAnswer a) => a.Answers.Select(r => r.Data).ToList();

    [Fact]
    public void A_name_under_no_zone_is_refused()
    {
        var a = DnsResolution.Resolve(World(), "www.unknown.example", "A");
        Assert.Equal("REFUSED", a.Rcode);
        Assert.Null(a.Zone);
        Assert.Contains("not Cloudflare's name", a.Trace[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_longest_zone_suffix_wins_and_case_and_trailing_dot_do_not_matter()
    {
        var deep = new DnsZone(DeepId, "deep.shop.example", Account, []);
        var a = DnsResolution.Resolve(new DnsWorld([Shop, deep], []), "WWW.Deep.Shop.Example.", "A");
        Assert.Equal(DeepId, a.Zone!.Id);
        Assert.Equal("www.deep.shop.example", a.Name);
    }

    [Fact]
    public void The_apex_answers_cloudflares_soa_and_two_nameservers()
    {
        var soa = DnsResolution.Resolve(World(), "shop.example", "SOA");
        var ns = DnsResolution.Resolve(World(), "shop.example", "NS");
        Assert.Equal("SOA", Assert.Single(soa.Answers).Type);
        Assert.EndsWith(" dns.cloudflare.com. " + CloudflareDns.Serial(ShopId) + " 10000 2400 604800 1800", soa.Answers[0].Data, StringComparison.Ordinal);
        Assert.Equal(2, ns.Answers.Count);
        Assert.All(ns.Answers, r => Assert.EndsWith(".ns.cloudflare.com.", r.Data, StringComparison.Ordinal));
        Assert.NotEqual(ns.Answers[0].Data, ns.Answers[1].Data);
        Assert.Equal(ns.Answers.Select(r => r.Data), DnsResolution.Resolve(World(), "shop.example", "NS").Answers.Select(r => r.Data));
    }

    [Fact]
    public void A_zone_without_records_answers_every_name_as_proxied_with_the_defaults()
    {
        var a = DnsResolution.Resolve(World(), "anything.shop.example", "A");
        Assert.Equal(("NOERROR", "cloudflare_default"), (a.Rcode, a.Source));
        Assert.Contains("record: none listed, proxied by default", a.Trace);
        Assert.Equal(2, a.Answers.Count);
        Assert.All(a.Answers, r => Assert.Equal(300, r.Ttl));
        Assert.True(IPNetwork.Parse("104.16.0.0/13").Contains(IPAddress.Parse(a.Answers[0].Data)));
        Assert.True(IPNetwork.Parse("172.64.0.0/13").Contains(IPAddress.Parse(a.Answers[1].Data)));
        var v6 = DnsResolution.Resolve(World(), "anything.shop.example", "AAAA");
        Assert.All(v6.Answers, r => Assert.True(IPNetwork.Parse("2606:4700::/32").Contains(IPAddress.Parse(r.Data))));
        Assert.Equal(Data(a), Data(DnsResolution.Resolve(World(), "shop.example", "A"))); // deterministic per zone
    }

    [Fact]
    public void An_enabled_map_with_the_zone_as_member_beats_the_account_map()
    {
        var world = World(Map("x", true, "203.0.113.1,2001:db8::1", (MembershipKind.Zone, ShopId)), Map("y", true, "203.0.113.2", (MembershipKind.Account, Account)));
        var a = DnsResolution.Resolve(world, "shop.example", "A");
        Assert.Equal(("zone_membership", "x"), (a.Source, a.AddressMapId));
        Assert.Equal(["203.0.113.1"], Data(a));
        Assert.Contains(a.Trace, t => t.Contains("zone membership beats account membership", StringComparison.Ordinal));
        Assert.Equal(["2001:db8::1"], Data(DnsResolution.Resolve(world, "shop.example", "AAAA")));
    }

    [Fact]
    public void Without_a_zone_map_the_enabled_account_map_answers()
    {
        var world = World(Map("x", false, "203.0.113.1", (MembershipKind.Zone, ShopId)), Map("y", true, "203.0.113.2", (MembershipKind.Account, Account)));
        var a = DnsResolution.Resolve(world, "www.shop.example", "A");
        Assert.Equal(("account_membership", "y"), (a.Source, a.AddressMapId));
        Assert.Equal(["203.0.113.2"], Data(a));
        Assert.Contains("map x: zone member, disabled → ignored", a.Trace);
    }

    [Fact]
    public void Disabled_maps_do_nothing_and_the_defaults_answer()
    {
        var world = World(Map("x", false, "203.0.113.1", (MembershipKind.Zone, ShopId)), Map("y", false, "203.0.113.2", (MembershipKind.Account, Account)));
        var a = DnsResolution.Resolve(world, "shop.example", "A");
        Assert.Equal(("cloudflare_default", null), (a.Source, a.AddressMapId));
        Assert.Equal(CloudflareDns.DefaultAddresses(ShopId, AddressFamily.InterNetwork).Select(ip => ip.ToString()), Data(a));
    }

    [Fact]
    public void A_chosen_map_without_the_asked_family_falls_back_to_the_defaults_for_that_family()
    {
        var world = World(Map("x", true, "203.0.113.1", (MembershipKind.Zone, ShopId)));
        var a = DnsResolution.Resolve(world, "shop.example", "AAAA");
        Assert.Equal(("cloudflare_default", "x"), (a.Source, a.AddressMapId));
        Assert.Equal(CloudflareDns.DefaultAddresses(ShopId, AddressFamily.InterNetworkV6).Select(ip => ip.ToString()), Data(a));
        Assert.Contains("map x has no AAAA address → Cloudflare's defaults for AAAA", a.Trace);
    }

    [Fact]
    public void An_unproxied_record_answers_its_own_content_and_ttl_whatever_the_maps()
    {
        var world = World(Map("x", true, "203.0.113.1", (MembershipKind.Zone, BlogId)));
        var a = DnsResolution.Resolve(world, "direct.blog.example", "A");
        Assert.Equal(("record", null), (a.Source, a.AddressMapId));
        Assert.Equal([new DnsAnswerRecord("direct.blog.example", "A", 120, "192.0.2.55")], a.Answers);
        Assert.Equal(["hello"], Data(DnsResolution.Resolve(world, "direct.blog.example", "TXT")));
    }

    [Fact]
    public void An_unproxied_name_without_the_asked_type_has_no_data_and_the_soa()
    {
        var a = DnsResolution.Resolve(World(), "direct.blog.example", "AAAA");
        Assert.Equal("NOERROR", a.Rcode);
        Assert.Empty(a.Answers);
        Assert.Equal("SOA", Assert.Single(a.Authority).Type);
    }

    [Fact]
    public void An_unproxied_cname_answers_any_type_with_the_cname()
    {
        var a = DnsResolution.Resolve(World(), "alias.blog.example", "A");
        Assert.Equal([new DnsAnswerRecord("alias.blog.example", "CNAME", 300, "target.example.net.")], a.Answers);
    }

    [Fact]
    public void A_proxied_cname_is_flattened_to_the_maps_addresses()
    {
        var world = World(Map("x", true, "203.0.113.1", (MembershipKind.Zone, BlogId)));
        var a = DnsResolution.Resolve(world, "cdn.blog.example", "A");
        Assert.Equal(["203.0.113.1"], Data(a));
        Assert.Equal("A", a.Answers[0].Type);
    }

    [Fact]
    public void A_proxied_name_answers_no_data_for_types_other_than_a_and_aaaa()
    {
        var a = DnsResolution.Resolve(World(), "cdn.blog.example", "CNAME");
        Assert.Equal("NOERROR", a.Rcode);
        Assert.Empty(a.Answers);
        Assert.Contains(a.Trace, t => t.Contains("answers only A and AAAA", StringComparison.Ordinal));
    }

    [Fact]
    public void The_closest_wildcard_answers_a_name_without_records()
    {
        Assert.Equal(["192.0.2.99"], Data(DnsResolution.Resolve(World(), "x.y.blog.example", "A")));
        var eu = DnsResolution.Resolve(World(Map("x", true, "203.0.113.9", (MembershipKind.Zone, BlogId))), "shop.eu.blog.example", "A");
        Assert.Equal(["203.0.113.9"], Data(eu));
        Assert.Contains(eu.Trace, t => t.Contains("wildcard *.eu.blog.example", StringComparison.Ordinal));
    }

    [Fact]
    public void A_name_of_a_zone_with_records_that_lists_none_is_nxdomain_with_the_soa()
    {
        var zone = Blog with { Records = [new("www.blog.example", "A", "192.0.2.1", false, 1)] };
        var a = DnsResolution.Resolve(new DnsWorld([zone], []), "nope.blog.example", "A");
        Assert.Equal("NXDOMAIN", a.Rcode);
        Assert.Equal("SOA", Assert.Single(a.Authority).Type);
        var apex = DnsResolution.Resolve(new DnsWorld([zone], []), "blog.example", "A");
        Assert.Equal(("NOERROR", 0), (apex.Rcode, apex.Answers.Count)); // the apex exists (SOA, NS)
    }

    [Fact]
    public void An_unknown_type_is_no_data()
    {
        var a = DnsResolution.Resolve(World(), "shop.example", "MX");
        Assert.Equal(("NOERROR", 0), (a.Rcode, a.Answers.Count));
    }

    [Theory]
    [InlineData("shop.example", null)]
    [InlineData("_dmarc.shop.example", null)]
    [InlineData("a..example", "empty label")]
    [InlineData("bad!.example", "character")]
    public void Names_are_checked(string name, string? problem)
    {
        var found = DnsNames.Problem(name);
        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Names_over_253_characters_and_labels_over_63_are_refused()
    {
        Assert.Contains("at most 253", DnsNames.Problem(string.Join('.', Enumerable.Repeat(new string('a', 60), 5))), StringComparison.Ordinal);
        Assert.Contains("at most 63", DnsNames.Problem(new string('a', 64) + ".example"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_sni_is_the_oldest_maps_and_enabled_does_not_gate_it()
    {
        var ip = IPAddress.Parse("192.0.0.1");
        DnsMap Sni(string id, string? sni, int day) => Map(id, false, "192.0.0.1") with { DefaultSni = sni, CreatedAt = DateTime.UnixEpoch.AddDays(day) };

        var one = DefaultSni.For(ip, [Sni("a", "sni.example.com", 1)]);
        Assert.Equal(("192.0.0.1", "sni.example.com", "a"), (one!.Ip, one.DefaultSni, one.AddressMapId));
        Assert.Empty(one.Conflicts);

        var two = DefaultSni.For(ip, [Sni("b", "other.example.com", 2), Sni("a", "sni.example.com", 1), Sni("c", null, 0)]);
        Assert.Equal(("sni.example.com", "a"), (two!.DefaultSni, two.AddressMapId));
        Assert.Equal([new SniConflict("a", "sni.example.com"), new SniConflict("b", "other.example.com")], two.Conflicts);

        Assert.Null(DefaultSni.For(IPAddress.Parse("192.0.0.2"), [Sni("a", "sni.example.com", 1)]));
    }
}
