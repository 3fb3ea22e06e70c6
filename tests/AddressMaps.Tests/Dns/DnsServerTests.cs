using System.Net.Sockets;
using AddressMaps.Api.Dns;
using AddressMaps.Tests.Auth;
using AddressMaps.Tests.ControlPlane;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace AddressMaps.Tests.Dns;

/// <summary>The real DNS server over UDP and TCP (DnsClient), the DNS-answer view and the
/// default-SNI view, through a second host on the test database that runs the DNS server on a free
/// port (a second replica: writes go through it, so each change is in its next answer).</summary>
public sealed class DnsServerTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly Lock Gate = new();
    private static (ApiFactory Factory, int Port)? replica;

    private (ApiFactory Factory, int Port) Replica
    {
        get
        {
            lock (Gate)
            {
                if (replica is null)
                {
                    var port = FreePort();
                    var factory = new ApiFactory(Fixture.Database.ConnectionString, new Dictionary<string, string?> { [DnsServerHost.PortKey] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                    _ = factory.Server;
                    replica = (factory, port);
                }

                return replica.Value;
            }
        }
    }

    /// <summary>The Cloudflare API of the DNS-serving replica, as the demo user.</summary>
    private CloudflareClient DnsApi => new(Replica.Factory.CreateDefaultClient(), Credentials.DemoKey);

    /// <summary>The per-test reset ran on the other host; the DNS replica is told, as a write on it would.</summary>
    private void SeeTheReset() => Replica.Factory.Services.GetRequiredService<DnsSnapshot>().Invalidate();

    private static int FreePort()
    {
        using var tcp = new TcpListener(IPAddress.Loopback, 0);
        tcp.Start();
        return ((IPEndPoint)tcp.LocalEndpoint).Port;
    }

    private LookupClient Dig(bool tcp) => new(new LookupClientOptions(new NameServer(IPAddress.Loopback, Replica.Port))
    {
        UseCache = false,
        UseTcpOnly = tcp,
        UseTcpFallback = false,
        Retries = 1,
        Timeout = TimeSpan.FromSeconds(3),
        ThrowDnsErrors = false,
        ContinueOnDnsError = false,
        ContinueOnEmptyResponse = false,
    });

    private async Task<List<string>> AddressesAsync(string name, QueryType type, bool tcp)
    {
        var response = await Dig(tcp).QueryAsync(name, type);
        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.True(response.Header.HasAuthorityAnswer, "AA is set");
        return response.Answers.OfType<AddressRecord>().Select(r => r.Address.ToString()).Order(StringComparer.Ordinal).ToList();
    }

    private static List<string> Defaults(string zoneId, AddressFamily family) =>
        CloudflareDns.DefaultAddresses(zoneId, family).Select(ip => ip.ToString()).Order(StringComparer.Ordinal).ToList();

    private async Task EnableAsync(string mapId, bool enabled) =>
        (await DnsApi.PatchJsonAsync(CloudflareClient.Map(mapId), new { enabled })).AssertOk();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Zone_map_beats_account_map_beats_defaults_over_the_wire(bool tcp)
    {
        var x = await DnsApi.CreateMapAsync(new { description = "X", enabled = true, ips = new[] { "203.0.113.10", "2001:db8::10" }, memberships = new[] { new { kind = "zone", identifier = Demo.ShopExample } } });
        var y = await DnsApi.CreateMapAsync(new { description = "Y", enabled = true, ips = new[] { "198.51.100.20", "2001:db8::20" }, memberships = new[] { new { kind = "account", identifier = Demo.Account } } });
        Assert.Equal(["203.0.113.10"], await AddressesAsync("shop.example", QueryType.A, tcp));
        Assert.Equal(["2001:db8::10"], await AddressesAsync("www.shop.example", QueryType.AAAA, tcp));

        await EnableAsync(x, false);
        Assert.Equal(["198.51.100.20"], await AddressesAsync("shop.example", QueryType.A, tcp));
        Assert.Equal(["2001:db8::20"], await AddressesAsync("shop.example", QueryType.AAAA, tcp));

        await EnableAsync(y, false);
        Assert.Equal(Defaults(Demo.ShopExample, AddressFamily.InterNetwork), await AddressesAsync("shop.example", QueryType.A, tcp));
        Assert.Equal(Defaults(Demo.ShopExample, AddressFamily.InterNetworkV6), await AddressesAsync("shop.example", QueryType.AAAA, tcp));

        await EnableAsync(x, true);
        Assert.Equal(["203.0.113.10"], await AddressesAsync("shop.example", QueryType.A, tcp));
        Assert.Equal(["2001:db8::10"], await AddressesAsync("shop.example", QueryType.AAAA, tcp));
    }

    [Fact]
    public async Task A_change_through_another_replica_is_answered_within_one_second()
    {
        SeeTheReset();
        Assert.Equal(Defaults(Demo.ShopExample, AddressFamily.InterNetwork), await AddressesAsync("shop.example", QueryType.A, false));
        var x = await Api.CreateMapAsync(new { enabled = true, ips = new[] { "203.0.113.11" }, memberships = new[] { new { kind = "zone", identifier = Demo.ShopExample } } });
        // The change was committed before `changed`: a query sent more than a second after it
        // (plus the 16 ms a tick can be late) must answer it. Timed from when each query is sent,
        // not when its answer arrives, so that a slow answer on a busy machine is not counted.
        var changed = DateTime.UtcNow;
        while (true)
        {
            var sent = DateTime.UtcNow;
            if (!(await AddressesAsync("shop.example", QueryType.A, false)).SequenceEqual(Defaults(Demo.ShopExample, AddressFamily.InterNetwork)))
            {
                break;
            }

            Assert.True(sent - changed <= TimeSpan.FromMilliseconds(1016), $"a query sent {(sent - changed).TotalMilliseconds:F0} ms after the change still had the old answer: the other replica answers a change within one second");
            await Task.Delay(50);
        }

        Assert.Equal(["203.0.113.11"], await AddressesAsync("shop.example", QueryType.A, false));
        Assert.NotNull(x);
    }

    [Fact]
    public async Task An_unproxied_record_is_never_touched_by_maps_and_a_name_outside_every_zone_is_refused()
    {
        using (var db = Fixture.NewDbContext())
        {
            db.DnsRecords.Add(new DnsRecord { ZoneId = Demo.BlogExample, Name = "direct.blog.example", Type = "A", Content = "192.0.2.77", Proxied = false, Ttl = 120 });
            db.DnsRecords.Add(new DnsRecord { ZoneId = Demo.BlogExample, Name = "www.blog.example", Type = "A", Content = "192.0.2.78", Proxied = true });
            await db.SaveChangesAsync();
        }

        await DnsApi.CreateMapAsync(new { enabled = true, ips = new[] { "203.0.113.12" }, memberships = new[] { new { kind = "zone", identifier = Demo.BlogExample } } });
        foreach (var tcp in new[] { false, true })
        {
            var direct = await Dig(tcp).QueryAsync("direct.blog.example", QueryType.A);
            var a = Assert.Single(direct.Answers.ARecords());
            Assert.Equal(("192.0.2.77", 120), (a.Address.ToString(), a.InitialTimeToLive));
            Assert.Equal(["203.0.113.12"], await AddressesAsync("www.blog.example", QueryType.A, tcp));
            var missing = await Dig(tcp).QueryAsync("nope.blog.example", QueryType.A);
            Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, missing.Header.ResponseCode);
            Assert.Single(missing.Authorities.SoaRecords());
            var outside = await Dig(tcp).QueryAsync("www.not-cloudflare.test", QueryType.A);
            Assert.Equal(DnsHeaderResponseCode.Refused, outside.Header.ResponseCode);
        }
    }

    [Fact]
    public async Task The_apex_has_cloudflares_soa_and_ns_and_unknown_types_have_no_data()
    {
        SeeTheReset();
        var soa = await Dig(false).QueryAsync("shop.example", QueryType.SOA);
        Assert.StartsWith(CloudflareDns.NameserverHosts(Demo.ShopExample)[0], Assert.Single(soa.Answers.SoaRecords()).MName.Value, StringComparison.Ordinal);
        var ns = await Dig(true).QueryAsync("shop.example", QueryType.NS);
        Assert.Equal(2, ns.Answers.NsRecords().Count());
        var mx = await Dig(false).QueryAsync("shop.example", QueryType.MX);
        Assert.Equal(DnsHeaderResponseCode.NoError, mx.Header.ResponseCode);
        Assert.Empty(mx.Answers);
    }

    [Fact]
    public async Task Garbage_packets_are_dropped_and_the_server_keeps_serving()
    {
        SeeTheReset();
        var port = Replica.Port;
        using (var udp = new UdpClient())
        {
            await udp.SendAsync(new byte[] { 0xde, 0xad, 0xbe, 0xef, 0x01 }, new IPEndPoint(IPAddress.Loopback, port));
            await udp.SendAsync(Enumerable.Range(0, 600).Select(i => (byte)(i * 7)).ToArray(), new IPEndPoint(IPAddress.Loopback, port));
            await udp.SendAsync(Array.Empty<byte>(), new IPEndPoint(IPAddress.Loopback, port));
        }

        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            await tcp.GetStream().WriteAsync(new byte[] { 0x00, 0x05, 0xff, 0xff, 0xff, 0xff, 0xff });
        }

        Assert.Equal(2, (await AddressesAsync("shop.example", QueryType.A, false)).Count);
        Assert.Equal(2, (await AddressesAsync("shop.example", QueryType.A, true)).Count);
    }

    [Covers("emulator-dns-answer")]
    [Fact]
    public async Task The_dns_view_answers_with_the_source_the_map_and_the_trace()
    {
        var x = await DnsApi.CreateMapAsync(new { enabled = true, ips = new[] { "203.0.113.13" }, memberships = new[] { new { kind = "zone", identifier = Demo.ShopExample } } });
        var view = (await ControlPlaneClient.SendAsync(Replica.Factory.CreateDefaultClient(), HttpMethod.Get, "/_emulator/dns?name=www.shop.example&type=A")).AssertOk().Result;
        Assert.Equal("NOERROR", view.GetProperty("rcode").GetString());
        Assert.Equal("zone_membership", view.GetProperty("source").GetString());
        Assert.Equal(x, view.GetProperty("address_map_id").GetString());
        Assert.Equal(Demo.ShopExample, view.GetProperty("zone").GetProperty("id").GetString());
        Assert.Equal("203.0.113.13", view.GetProperty("answers")[0].GetProperty("data").GetString());
        Assert.Contains(view.GetProperty("trace").EnumerateArray(), t => t.GetString()!.StartsWith("map " + x, StringComparison.Ordinal));

        var refused = (await ControlPlaneClient.SendAsync(Fixture.Factory.CreateDefaultClient(), HttpMethod.Get, "/_emulator/dns?name=nowhere.test")).AssertOk().Result;
        Assert.Equal(("REFUSED", "A"), (refused.GetProperty("rcode").GetString(), refused.GetProperty("type").GetString()));
    }

    [Covers("emulator-dns-answer")]
    [Theory]
    [InlineData("", "name is required")]
    [InlineData("?name=a..example", "empty label")]
    [InlineData("?name=shop.example&type=BOGUS", "type 'BOGUS'")]
    public async Task The_dns_view_refuses_bad_parameters_with_a_400_naming_them(string query, string message)
    {
        var response = await ControlPlaneClient.SendAsync(Fixture.Factory.CreateDefaultClient(), HttpMethod.Get, "/_emulator/dns" + query);
        response.AssertError(HttpStatusCode.BadRequest, 2020);
        Assert.Contains(message, response.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Covers("emulator-dns-answer")]
    [Fact]
    public async Task The_dns_view_refuses_names_over_253_characters_and_labels_over_63()
    {
        var http = Fixture.Factory.CreateDefaultClient();
        var longName = string.Join('.', Enumerable.Repeat(new string('a', 60), 5));
        (await ControlPlaneClient.SendAsync(http, HttpMethod.Get, "/_emulator/dns?name=" + longName)).AssertError(HttpStatusCode.BadRequest, 2020);
        var longLabel = await ControlPlaneClient.SendAsync(http, HttpMethod.Get, "/_emulator/dns?name=" + new string('a', 64) + ".shop.example");
        longLabel.AssertError(HttpStatusCode.BadRequest, 2020);
        Assert.Contains("at most 63", longLabel.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Covers("emulator-tls-default-sni")]
    [Fact]
    public async Task The_setup_pages_spectrum_map_answers_its_default_sni_although_disabled()
    {
        var id = await DnsApi.CreateMapAsync(new { description = "default_sni", default_sni = "sni.example.com", enabled = false, ips = new[] { "192.0.0.1" }, memberships = Array.Empty<object>() });
        var view = (await ControlPlaneClient.SendAsync(Replica.Factory.CreateDefaultClient(), HttpMethod.Get, "/_emulator/tls/default-sni?ip=192.0.0.1")).AssertOk().Result;
        Assert.Equal(("192.0.0.1", "sni.example.com", id), (view.GetProperty("ip").GetString(), view.GetProperty("default_sni").GetString(), view.GetProperty("address_map_id").GetString()));
        Assert.Equal(0, view.GetProperty("conflicts").GetArrayLength());
    }

    [Covers("emulator-tls-default-sni")]
    [Fact]
    public async Task Maps_with_different_default_snis_on_one_ip_are_conflicts_and_the_oldest_answers()
    {
        var first = await DnsApi.CreateMapAsync(new { default_sni = "sni.example.com", ips = new[] { "192.0.0.2" } });
        var second = await DnsApi.CreateMapAsync(new { default_sni = "www.example.com", ips = new[] { "192.0.0.2" } });
        var view = (await ControlPlaneClient.SendAsync(Replica.Factory.CreateDefaultClient(), HttpMethod.Get, "/_emulator/tls/default-sni?ip=192.0.0.2")).AssertOk().Result;
        Assert.Equal(("sni.example.com", first), (view.GetProperty("default_sni").GetString(), view.GetProperty("address_map_id").GetString()));
        var conflicts = view.GetProperty("conflicts").EnumerateArray().Select(c => (c.GetProperty("address_map_id").GetString(), c.GetProperty("default_sni").GetString())).ToList();
        Assert.Equal([(first, "sni.example.com"), (second, "www.example.com")], conflicts);
    }

    [Covers("emulator-tls-default-sni")]
    [Fact]
    public async Task The_default_sni_view_is_404_for_an_ip_on_no_map_and_400_for_a_bad_ip()
    {
        var http = Fixture.Factory.CreateDefaultClient();
        (await ControlPlaneClient.SendAsync(http, HttpMethod.Get, "/_emulator/tls/default-sni?ip=192.0.0.250")).AssertError(HttpStatusCode.NotFound, 1000);
        var bad = await ControlPlaneClient.SendAsync(http, HttpMethod.Get, "/_emulator/tls/default-sni?ip=not-an-ip");
        bad.AssertError(HttpStatusCode.BadRequest, 2020);
        Assert.Contains("ip 'not-an-ip'", bad.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Covers("ip-address-management-address-maps-add-an-account-membership-to-an-address-map")]
    [Fact]
    public async Task An_account_membership_may_name_another_account_the_credential_reaches_and_its_zones_use_the_map()
    {
        await using var token = await TemporaryToken.AddAsync(Fixture);
        using (var db = Fixture.NewDbContext())
        {
            db.ApiTokenPolicies.Add(new ApiTokenPolicy { TokenId = token.Id, AccountId = Demo.OtherAccount, PermissionGroup = PermissionGroups.AddressMapsWrite });
            await db.SaveChangesAsync();
        }

        await Fixture.AnnounceIdentityChangeAsync();

        // Other BYOIP's own account-wide map holds its account membership; free it first.
        using (var db = Fixture.NewDbContext())
        {
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteDeleteAsync(db.AddressMapMemberships.Where(m => m.Identifier == Demo.OtherAccount));
        }

        var id = await DnsApi.CreateMapAsync(new { enabled = true, ips = new[] { "203.0.113.14" } });
        var both = DnsApi.As(token.Credentials);
        (await both.PutAsync($"{CloudflareClient.Map(id)}/accounts/{Demo.OtherAccount}")).AssertOk();
        Assert.Equal(["203.0.113.14"], await AddressesAsync("www.example.org", QueryType.A, false));

        // The demo user reaches only Demo BYOIP: the rule's 400.
        (await DnsApi.DeleteAsync($"{CloudflareClient.Map(id)}/accounts/{Demo.OtherAccount}")).AssertOk();
        (await DnsApi.PutAsync($"{CloudflareClient.Map(id)}/accounts/{Demo.OtherAccount}")).AssertError(HttpStatusCode.BadRequest, 1011);
        var created = await both.PostJsonAsync(CloudflareClient.Maps(), new { ips = new[] { "203.0.113.15" }, memberships = new[] { new { kind = "account", identifier = Demo.OtherAccount } } });
        created.AssertOk();
    }

    [Covers("emulator-get-state", "emulator-put-state")]
    [Fact]
    public async Task Dns_records_travel_in_the_state_document_sorted_and_byte_for_byte()
    {
        using (var db = Fixture.NewDbContext())
        {
            db.DnsRecords.Add(new DnsRecord { ZoneId = Demo.BlogExample, Name = "www.blog.example", Type = "TXT", Content = "v=spf1 -all", Ttl = 3600 });
            db.DnsRecords.Add(new DnsRecord { ZoneId = Demo.BlogExample, Name = "direct.blog.example", Type = "A", Content = "192.0.2.77", Ttl = 120 });
            db.DnsRecords.Add(new DnsRecord { ZoneId = Demo.BlogExample, Name = "*.blog.example", Type = "CNAME", Content = "blog.example", Proxied = true });
            await db.SaveChangesAsync();
        }

        var http = Fixture.Factory.CreateDefaultClient();
        var state = await ControlPlaneClient.RawAsync(http, "/_emulator/state");
        Assert.True(state.IndexOf("\"*.blog.example\"", StringComparison.Ordinal) < state.IndexOf("\"direct.blog.example\"", StringComparison.Ordinal), "records are sorted by name");
        (await ControlPlaneClient.SendAsync(http, HttpMethod.Put, "/_emulator/state", state)).AssertOk();
        Assert.Equal(state, await ControlPlaneClient.RawAsync(http, "/_emulator/state"));

        var bad = state.Replace("\"192.0.2.77\"", "\"not-an-ip\"", StringComparison.Ordinal);
        var refused = await ControlPlaneClient.SendAsync(http, HttpMethod.Put, "/_emulator/state", bad);
        refused.AssertError(HttpStatusCode.BadRequest, 2004);
        Assert.Contains("not-an-ip", refused.FirstErrorMessage, StringComparison.Ordinal);
    }
}
