namespace AddressMaps.Tests.Infrastructure;

/// <summary>The built-in demo seed's fixed values (README, issue #2/#3).</summary>
public static class Demo
{
    public const string Account = "76bc5842b7753fa75d4b6c145be3ffe3";
    public const string OtherAccount = "1813c4d8334ca60e3bd4b909eeafe033";
    public const string StaticAccount = "235356b1f23b6996ea65ac7a6ce53e08";
    public const string NoAddOnAccount = "7176fe0e6352d4ddfbf47172a261e4f9";

    public const string ExampleCom = "70c5cd7a66273dcbc0591821831d49d5";
    public const string ExampleNet = "6c93a63ae91f664aceb0d5a8060843b1";
    public const string ShopExample = "fc13c8be051c7bb0e9ed4f260a0cd512";
    public const string BlogExample = "70ecc8e3df04429a16b9a8cfbbd45a22";
    public const string ExampleOrg = "882f77ef91bd1ae30740dff55f1ffe68";
    public const string StaticExample = "9077ad77c313ee860da82f8ced9c2846";

    public const string OtherImmutableMap = "c12abd65efe6b33eda751630c3955a94";
    public const string StaticManagedMap = "1c43c19c2e8c530924ab27d27dbce0a2";

    public const string Email = "demo@example.com";
    public const string GlobalKey = "a3ecd690143d966273663940a8a09d5629a5b";
    public const string WriteToken = "kWphCvQbZ18E1EnTU7FaBQ_OFDF5MvELT7w4Zjhu";
    public const string ReadToken = "wgY4NVwKTNOmZfdHvsAo1T35GOWCw9zTtE_-HDrS";
    public const string OtherWriteToken = "bbZhWCRkCwqfKuv7uzmUYBZ7ndLDSIL_QCeD9yXu";
    public const string StaticWriteToken = "YUN3dGCNxgLAH0jFWIl8iO_2Tfq1sDhgwYPSMMVV";
    public const string NoAddOnWriteToken = "jxBGtt1e3iOGhPBVSQLSP-t59mhzApDJ8wApvWMj";
    public const string ExpiredToken = "hucHzKjdOs50DOJd5rH5qz0ztIgSkMinztyTRieo";
}
