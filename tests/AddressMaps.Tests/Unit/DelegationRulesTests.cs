using AddressMaps.Api.Delegations;
using AddressMaps.Api.Ips;
using AddressMaps.Api.Maps;

namespace AddressMaps.Tests.Unit;

/// <summary>The delegation rules and the ownership rule with delegations, as pure functions.</summary>
public sealed class DelegationRulesTests
{
    private static readonly Prefix Parent = new() { Id = Demo.DemoPrefix, AccountId = Demo.Account, Cidr = IPNetwork.Parse("203.0.113.0/24"), Approved = true };

    private static readonly DelegationFacts Existing = new("0123456789abcdef0123456789abcdef", IPNetwork.Parse("203.0.113.0/26"), Demo.OtherAccount);

    private static ApiException Refusal(Action rule) => Assert.Throws<ApiException>(rule);

    [Theory]
    [InlineData("203.0.113.0/24")] // the whole prefix
    [InlineData("203.0.113.64/26")] // adjacent to the existing one
    [InlineData("203.0.113.255/32")]
    public void A_cidr_inside_the_parent_and_clear_of_other_delegations_is_accepted(string cidr) =>
        Assert.Equal(IPNetwork.Parse(cidr), DelegationRules.CheckCidr(cidr, Parent, cidr == "203.0.113.0/24" ? [] : [Existing]));

    [Theory]
    [InlineData(null, 1020)]
    [InlineData("", 1020)]
    [InlineData("203.0.113.1", 1020)]
    [InlineData("203.0.113.1/24", 1020)]
    [InlineData("203.0.113.0/33", 1020)]
    [InlineData("203.0.113.0/23", 1020)] // host bits set for a /23
    [InlineData("203.0.112.0/23", 1021)]
    [InlineData("198.51.100.0/25", 1021)]
    [InlineData("::ffff:203.0.113.0/120", 1021)]
    [InlineData("203.0.113.32/27", 1022)]
    [InlineData("203.0.113.0/25", 1022)]
    public void A_bad_cidr_gets_its_own_code(string? cidr, int code) =>
        Assert.Equal(code, Refusal(() => DelegationRules.CheckCidr(cidr, Parent, [Existing])).Error.Code);

    [Fact]
    public void The_delegate_must_be_another_existing_account()
    {
        Assert.Equal(Demo.OtherAccount, DelegationRules.CheckDelegate(Demo.OtherAccount, Demo.Account, _ => true));
        Assert.Equal(1023, Refusal(() => DelegationRules.CheckDelegate(null, Demo.Account, _ => true)).Error.Code);
        Assert.Equal(1023, Refusal(() => DelegationRules.CheckDelegate(Demo.OtherAccount.ToUpperInvariant(), Demo.Account, _ => true)).Error.Code);
        Assert.Equal(1023, Refusal(() => DelegationRules.CheckDelegate(Demo.OtherAccount, Demo.Account, _ => false)).Error.Code);
        Assert.Equal(1024, Refusal(() => DelegationRules.CheckDelegate(Demo.Account, Demo.Account, _ => true)).Error.Code);
    }

    [Fact]
    public void Only_an_approved_prefix_is_delegated_and_the_message_carries_cloudflares_token()
    {
        DelegationRules.EnsureApproved(Parent);
        var pending = new Prefix { Id = Parent.Id, AccountId = Parent.AccountId, Cidr = Parent.Cidr, Approved = false };

        var refusal = Refusal(() => DelegationRules.EnsureApproved(pending));

        Assert.Equal(1025, refusal.Error.Code);
        Assert.StartsWith("prefix_not_valid_and_approved: prefix ", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_delegation_in_use_names_the_first_ip_its_map_and_how_many_more()
    {
        DelegationRules.EnsureDeletable(Existing, []);
        var refusal = Refusal(() => DelegationRules.EnsureDeletable(Existing, [("aaaabbbbccccddddeeeeffff00001111", IPAddress.Parse("203.0.113.9")), ("aaaabbbbccccddddeeeeffff00001111", IPAddress.Parse("203.0.113.10"))]));

        Assert.Equal(1026, refusal.Error.Code);
        Assert.Contains("203.0.113.9 is on address map aaaabbbbccccddddeeeeffff00001111 of account " + Demo.OtherAccount + " (and 1 more)", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_delegated_cidr_makes_its_ips_owned_by_the_delegate_and_only_those()
    {
        var delegate_ = new AccountFacts(Demo.OtherAccount, [IPNetwork.Parse("192.0.2.0/24")], [], [], [IPNetwork.Parse("203.0.113.128/25")]);

        IpRules.EnsureOwned(IPAddress.Parse("203.0.113.200"), delegate_, targetIsManagedMap: false);
        IpRules.EnsureOwned(IPAddress.Parse("192.0.2.1"), delegate_, targetIsManagedMap: false);
        var refusal = Refusal(() => IpRules.EnsureOwned(IPAddress.Parse("203.0.113.127"), delegate_, targetIsManagedMap: false));
        Assert.Equal(1007, refusal.Error.Code);
        Assert.Equal($"ip_not_owned_by_account: 203.0.113.127 is not in an approved prefix of account {Demo.OtherAccount}, nor in a CIDR delegated to it, nor one of its static IPs", refusal.Message);
        Assert.False(IpRules.IsOwned(IPAddress.Parse("::ffff:203.0.113.200"), delegate_));
    }
}

/// <summary>A seed or state document's delegations are checked before anything is written.</summary>
public sealed class DelegationSeedValidationTests
{
    private const string Owner = "00000000000000000000000000000001";
    private const string Other = "00000000000000000000000000000002";

    private static AddressMaps.Api.Seed.SeedDocument Document(params AddressMaps.Api.Seed.SeedDelegation[] delegations) => new(
        [
            new(Owner, "owner", true, [], [new("00000000000000000000000000000011", "203.0.113.0/24", true, null, null, null, null, null, null, null, null, null, delegations)], [], []),
            new(Other, "other", true, [], [], [], []),
        ],
        [],
        []);

    [Fact]
    public void Good_delegations_pass()
    {
        AddressMaps.Api.Seed.SeedValidation.Validate(Document(new("00000000000000000000000000000021", "203.0.113.0/25", Other), new("00000000000000000000000000000022", "203.0.113.128/25", Other)));
    }

    [Theory]
    [InlineData("nope", "203.0.113.0/25", Other, "delegation id 'nope'")]
    [InlineData("00000000000000000000000000000021", "203.0.113.1/25", Other, "is not a canonical CIDR")]
    [InlineData("00000000000000000000000000000021", "198.51.100.0/25", Other, "does not lie inside prefix")]
    [InlineData("00000000000000000000000000000021", "203.0.113.0/25", Owner, "to the prefix's own account")]
    [InlineData("00000000000000000000000000000021", "203.0.113.0/25", "00000000000000000000000000000099", "not an account of the document")]
    [InlineData("00000000000000000000000000000021", "203.0.113.64/26", Other, "overlaps another delegation")]
    public void A_bad_delegation_is_named(string id, string cidr, string to, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AddressMaps.Api.Seed.SeedValidation.Validate(
            Document(new("00000000000000000000000000000020", "203.0.113.0/25", Other), new(id, cidr, to))));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
