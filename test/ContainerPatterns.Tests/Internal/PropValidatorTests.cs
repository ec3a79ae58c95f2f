using Amazon.CDK;
using ContainerPatterns.Internal;

namespace ContainerPatterns.Tests.Internal;

public class PropValidatorTests
{
    [Fact]
    public void Treats_string_number_and_list_element_tokens_as_tokens_and_plain_values_as_values()
    {
        var stack = Synth.NewStack();
        var text = new CfnParameter(stack, "Text").ValueAsString;
        var number = new CfnParameter(stack, "Number", new CfnParameterProps { Type = "Number" }).ValueAsNumber;
        var list = Fn.Split(",", text);

        Assert.True(PropValidator.IsToken(text));
        Assert.True(PropValidator.IsToken($"prefix-{text}"));
        Assert.True(PropValidator.IsToken(list[0]));
        Assert.True(PropValidator.IsToken(number));
        Assert.False(PropValidator.IsToken("release-"));
        Assert.False(PropValidator.IsToken("${Tok[not-a-token]}"));
        Assert.False(PropValidator.IsToken((string?)null));
        Assert.False(PropValidator.IsToken(-5d));
    }

    [Fact]
    public void Lists_every_problem_in_one_exception()
    {
        var v = new PropValidator(Synth.NewStack(), "Thing");
        v.Range("Count", 0, 1, 10);
        v.Percent("Share", 120);
        v.Range("Ok", 5, 1, 10);

        var error = Assert.Throws<ArgumentException>(v.ThrowIfAny);
        Assert.Equal(
            "2 invalid props:" + System.Environment.NewLine +
            "  TestStack/Thing: Count = 0 is not valid; allowed: a whole number from 1 to 10." + System.Environment.NewLine +
            "  TestStack/Thing: Share = 120 is not valid; allowed: a percentage above 0 and at most 100.",
            error.Message);
    }
}
