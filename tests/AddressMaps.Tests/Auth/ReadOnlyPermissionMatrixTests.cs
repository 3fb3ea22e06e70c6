using static AddressMaps.Tests.Auth.AddressMapOperations;

namespace AddressMaps.Tests.Auth;

/// <summary>The permission matrix: Demo BYOIP's read-only token (Address Maps Read) may list and
/// read, and every write is refused with 403 10000 and changes nothing, as the write token sees it.</summary>
public sealed class ReadOnlyPermissionMatrixTests(ApiFixture fixture) : ApiTest(fixture)
{
    public static TheoryData<string> WriteOperations() => [.. Writes];

    [Fact]
    public async Task The_read_token_may_list_and_read_what_the_write_token_made()
    {
        var writer = Api.As(Credentials.WriteToken);
        var id = await writer.CreateMapAsync(new { description = "shared", ips = new[] { "203.0.113.60" } });
        var reader = Api.As(Credentials.ReadToken);

        var list = (await reader.SendAsync(List, new OperationTarget(Demo.Account))).AssertOk();
        var details = (await reader.SendAsync(Details, new OperationTarget(Demo.Account, id))).AssertOk();

        Assert.Equal((await writer.GetAsync(CloudflareClient.Maps())).Result.GetRawText(), list.Result.GetRawText());
        Assert.Equal((await writer.GetAsync(CloudflareClient.Map(id))).Result.GetRawText(), details.Result.GetRawText());
    }

    [Theory]
    [MemberData(nameof(WriteOperations))]
    public async Task The_read_token_is_refused_with_10000_and_changes_nothing(string operation)
    {
        var writer = Api.As(Credentials.WriteToken);
        var id = await writer.CreateMapAsync(new
        {
            description = "read-only target",
            ips = new[] { "203.0.113.60" },
            memberships = new[] { new { kind = "zone", identifier = Demo.ExampleCom }, new { kind = "account", identifier = Demo.Account } },
        });
        var before = await SnapshotAsync(writer, Demo.Account);
        // Each write, had it been allowed, would change the map: new IP and zone for adds, the
        // map's own for removals (the account is already a member: an allowed add would be a 200).
        var target = new OperationTarget(
            Demo.Account,
            id,
            Ip: operation == AddIp ? "203.0.113.61" : "203.0.113.60",
            Zone: operation == AddZone ? Demo.ExampleNet : Demo.ExampleCom);

        var response = await Api.As(Credentials.ReadToken).SendAsync(operation, target);

        response.AssertError(HttpStatusCode.Forbidden, 10000);
        Assert.Equal("Authentication error", response.FirstErrorMessage);
        Assert.Equal(before, await SnapshotAsync(writer, Demo.Account));
    }

    [Fact]
    public async Task The_write_token_is_allowed_every_write_the_read_token_is_refused()
    {
        // The control row of the matrix: the same requests with the write token succeed.
        var writer = Api.As(Credentials.WriteToken);
        var id = await writer.CreateMapAsync(new
        {
            ips = new[] { "203.0.113.60" },
            memberships = new[] { new { kind = "zone", identifier = Demo.ExampleCom }, new { kind = "account", identifier = Demo.Account } },
        });

        foreach (var operation in new[] { Create, Edit, AddIp, RemoveIp, AddZone, RemoveZone, RemoveAccount, AddAccount })
        {
            var target = new OperationTarget(Demo.Account, id, Ip: operation == AddIp ? "203.0.113.61" : "203.0.113.60", Zone: operation == AddZone ? Demo.ExampleNet : Demo.ExampleCom);
            (await writer.SendAsync(operation, target)).AssertOk();
        }

        (await writer.PatchJsonAsync(CloudflareClient.Map(id), new { enabled = false })).AssertOk();
        (await writer.SendAsync(Delete, new OperationTarget(Demo.Account, id))).AssertOk();
        (await writer.GetAsync(CloudflareClient.Map(id))).AssertError(HttpStatusCode.NotFound, 1000);
    }
}
