namespace AddressMaps.Tests.Unit;

public sealed class CallerTests
{
    private static readonly string A = Demo.Account;
    private static readonly string B = Demo.OtherAccount;
    private static readonly string[] Read = [PermissionGroups.AddressMapsRead, PermissionGroups.AddressMapsWrite];
    private static readonly string[] Write = [PermissionGroups.AddressMapsWrite];
    private static readonly string[] Prefixes = [PermissionGroups.PrefixesRead, PermissionGroups.PrefixesWrite];

    [Fact]
    public void A_user_may_do_anything_on_an_account_it_belongs_to()
    {
        var user = User(A);

        Assert.True(user.Allows(A, Read));
        Assert.True(user.Allows(A, Write));
        Assert.True(user.Allows(A, Prefixes));
    }

    [Fact]
    public void A_user_may_do_nothing_on_an_account_it_does_not_belong_to()
    {
        var user = User(A);

        Assert.False(user.Allows(B, Read));
        Assert.False(user.Allows(B, Write));
        Assert.False(user.Allows("", Read));
    }

    [Fact]
    public void A_user_of_no_account_may_do_nothing()
    {
        Assert.False(User().Allows(A, Read));
    }

    [Fact]
    public void A_write_token_may_read_and_write_on_its_account()
    {
        var token = Token((A, PermissionGroups.AddressMapsWrite));

        Assert.True(token.Allows(A, Read));
        Assert.True(token.Allows(A, Write));
    }

    [Fact]
    public void A_read_token_may_read_but_not_write()
    {
        var token = Token((A, PermissionGroups.AddressMapsRead));

        Assert.True(token.Allows(A, Read));
        Assert.False(token.Allows(A, Write));
    }

    [Fact]
    public void Address_map_groups_do_not_grant_prefix_reads()
    {
        var token = Token((A, PermissionGroups.AddressMapsWrite));

        Assert.False(token.Allows(A, Prefixes));
    }

    [Fact]
    public void A_prefix_group_does_not_grant_address_map_reads()
    {
        var token = Token((A, PermissionGroups.PrefixesRead));

        Assert.True(token.Allows(A, Prefixes));
        Assert.False(token.Allows(A, Read));
    }

    [Fact]
    public void A_token_group_counts_only_on_the_account_it_was_granted_for()
    {
        var token = Token((A, PermissionGroups.AddressMapsWrite), (B, PermissionGroups.AddressMapsRead));

        Assert.False(token.Allows(Demo.NoAddOnAccount, Read));
        Assert.True(token.Allows(B, Read));
        Assert.False(token.Allows(B, Write));
    }

    [Fact]
    public void A_token_without_grants_may_do_nothing()
    {
        var token = Token();

        Assert.False(token.Allows(A, Read));
        Assert.False(token.Allows(A, Write));
    }

    [Fact]
    public void Account_ids_and_group_names_compare_exactly()
    {
        var token = Token((A, PermissionGroups.AddressMapsWrite));

        Assert.False(token.Allows(A.ToUpperInvariant(), Write));
        Assert.False(token.Allows(A, ["address maps write"]));
    }

    private static Caller User(params string[] accounts) => new(CallerKind.User, Demo.User.Id, [], accounts.ToHashSet());

    private static Caller Token(params (string Account, string Group)[] grants) =>
        new(CallerKind.Token, Demo.Write.Id, grants, new HashSet<string>());
}
