using ContainerPatterns.Internal;

namespace ContainerPatterns.Tests.Internal;

public class ScheduleExpressionTests
{
    [Theory]
    [InlineData("0 8 ? * MON-FRI *")]
    [InlineData("0 20 * * ? *")]
    [InlineData("0/15 8-17 ? * WED *")]
    [InlineData("0 0 1,15 * ? *")]
    [InlineData("0 0 ? JAN-MAR SUN 2030")]
    [InlineData("0 0 L * ? *")]
    [InlineData("0 0 LW * ? *")]
    [InlineData("0 0 15W * ? *")]
    [InlineData("0 0 1W * ? *")]
    [InlineData("0 0 31W * ? *")]
    [InlineData("0 0 ? * L *")]
    [InlineData("0 0 ? * 5L *")]
    [InlineData("15 10 ? * 6L 2019-2022")]
    [InlineData("0 9 ? * 2#1 *")]
    [InlineData("0 9 ? * FRI#2 *")]
    public void Accepts_what_Application_Auto_Scaling_accepts(string expression)
    {
        Assert.Null(ScheduleExpression.CronProblem(expression));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("0 8 ? * MON-FRI")]
    [InlineData("0 8 * * MON-FRI *")]
    [InlineData("0 8 ? * ? *")]
    [InlineData("60 8 ? * MON-FRI *")]
    [InlineData("0 0 W * ? *")]
    [InlineData("0 0 W15 * ? *")]
    [InlineData("0 0 15LW * ? *")]
    [InlineData("0 0 15L * ? *")]
    [InlineData("0 0 0W * ? *")]
    [InlineData("0 0 32W * ? *")]
    [InlineData("0 0 ? * W *")]
    [InlineData("0 0 ? * 5W *")]
    [InlineData("0 0 ? * LW *")]
    [InlineData("0 0 ? * 5LW *")]
    [InlineData("0 0 ? * L5 *")]
    [InlineData("0 0 ? * 8L *")]
    [InlineData("0 L ? * MON *")]
    [InlineData("0 0 ? L MON *")]
    [InlineData("0 0 ? * 2#6 *")]
    public void Rejects_what_Application_Auto_Scaling_rejects(string expression)
    {
        Assert.NotNull(ScheduleExpression.CronProblem(expression));
    }
}
