using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using ContainerPatterns.Events;
using static ContainerPatterns.Tests.Ecs.WebServiceFixture;
using static ContainerPatterns.Tests.Events.EventsFixture;

namespace ContainerPatterns.Tests.Events;

public class ScheduledTaskValidationTests
{
    private static readonly string NewLine = System.Environment.NewLine;

    private static string ErrorFor(string expression) =>
        ScheduledTaskError(c => new() { Cluster = c, Image = Image, Schedule = Schedule.Expression(expression) });

    [Theory]
    [InlineData(" ")]
    [InlineData("AT=TIME")]
    public void Rejects_a_scheduled_time_variable_that_is_no_variable_name(string name)
    {
        Assert.Equal(
            $"TestStack/Report: ScheduledTimeVariable = \"{name}\" is not valid; allowed: a non-blank variable name without '=' (e.g. \"SCHEDULED_TIME\").",
            ScheduledTaskError(c => new() { Cluster = c, Image = Image, Schedule = Schedule.Rate(Duration.Hours(1)), ScheduledTimeVariable = name }));
    }

    [Fact]
    public void Rejects_a_scheduled_time_variable_that_the_environment_sets_too()
    {
        Assert.Equal(
            "TestStack/Report: ScheduledTimeVariable = \"RUN_AT\" is also set in Environment; the run's input would override it (ECS takes a variable once), so drop one of them or choose another name.",
            ScheduledTaskError(c => new()
            {
                Cluster = c, Image = Image, Schedule = Schedule.Rate(Duration.Hours(1)), ScheduledTimeVariable = "RUN_AT",
                Environment = new Dictionary<string, string> { ["RUN_AT"] = "now" },
            }));
    }

    [Fact]
    public void Rejects_a_cron_expression_with_five_fields()
    {
        Assert.Equal(
            "TestStack/Report: Schedule = \"cron(0 8 * * ?)\" is not valid; it has 5 field(s); allowed: six fields \"minutes hours day-of-month month day-of-week year\" with \"?\" in exactly one of day-of-month and day-of-week, e.g. \"0 8 ? * MON-FRI *\".",
            ErrorFor("cron(0 8 * * ?)"));
    }

    [Fact]
    public void Rejects_a_cron_field_out_of_range()
    {
        Assert.Equal(
            "TestStack/Report: Schedule = \"cron(0 25 * * ? *)\" is not valid; its hours field \"25\" is not valid; allowed there: 0-23, \"*\", ranges (a-b), lists (a,b) and steps (a/n).",
            ErrorFor("cron(0 25 * * ? *)"));
    }

    [Theory]
    [InlineData("rate(1 hours)", "a value of 1 takes the singular unit; allowed: \"rate(1 hour)\".")]
    [InlineData("rate(5 minute)", "a value above 1 takes the plural unit; allowed: \"rate(5 minutes)\".")]
    [InlineData("rate(30 seconds)", "allowed: \"rate(value unit)\" with a whole number of 1 or more and a unit of minute(s), hour(s) or day(s), e.g. \"rate(5 minutes)\" or \"rate(1 hour)\".")]
    public void Rejects_rate_expressions_with_wrong_units(string expression, string allowed)
    {
        Assert.Equal($"TestStack/Report: Schedule = \"{expression}\" is not valid; {allowed}", ErrorFor(expression));
    }

    [Theory]
    [InlineData("at(2027-02-30T08:00:00)", "allowed: \"at(yyyy-mm-ddThh:mm:ss)\" with a real date and time, e.g. \"at(2027-01-31T08:00:00)\".")]
    [InlineData("every hour", "allowed: \"cron(minutes hours day-of-month month day-of-week year)\", \"rate(value unit)\" or \"at(yyyy-mm-ddThh:mm:ss)\".")]
    public void Rejects_a_bad_one_time_expression_and_text_that_is_no_schedule(string expression, string allowed)
    {
        Assert.Equal($"TestStack/Report: Schedule = \"{expression}\" is not valid; {allowed}", ErrorFor(expression));
    }

    [Fact]
    public void Rejects_an_unknown_time_zone()
    {
        Assert.Equal(
            $"TestStack/Report: TimeZone = \"Europe/Atlantis\" is not valid; allowed: an IANA time zone name (tzdata {ContainerPatterns.Internal.IanaTimeZones.Version}), such as \"UTC\" or \"Europe/Berlin\".",
            ScheduledTaskError(c => new() { Cluster = c, Image = Image, Schedule = Schedule.Rate(Duration.Hours(1)), TimeZone = Amazon.CDK.TimeZone.Of("Europe/Atlantis") }));
    }

    [Theory]
    [InlineData(0, "0 seconds")]
    [InlineData(90, "1 minute 30 seconds")]
    [InlineData(86_460, "1 day 1 minute")]
    public void Rejects_a_flexible_window_out_of_range_or_not_in_whole_minutes(int seconds, string shown)
    {
        Assert.Equal(
            $"TestStack/Report: FlexibleWindow = {shown} is not valid; allowed: a whole number of minutes from 1 to 1440 (24 hours, Scheduler's limit); leave it unset to start at the scheduled time.",
            ScheduledTaskError(c => new() { Cluster = c, Image = Image, Schedule = Schedule.Rate(Duration.Hours(1)), FlexibleWindow = Duration.Seconds(seconds) }));
    }

    [Fact]
    public void Reports_a_missing_schedule_a_long_description_and_retries_outside_the_limits()
    {
        Assert.Equal(
            $"3 invalid props:{NewLine}" +
            $"  TestStack/Report: RetryAttempts = 200 is not valid; allowed: a whole number from 0 to 185 (EventBridge's limit).{NewLine}" +
            $"  TestStack/Report: Schedule is null; it is required: when the task runs, e.g. Schedule.Rate(Duration.Hours(1)) or Schedule.Cron(new CronOptions {{ Minute = \"0\", Hour = \"8\" }}).{NewLine}" +
            $"  TestStack/Report: Description has 513 characters; Scheduler allows at most 512.",
            ScheduledTaskError(c => new() { Cluster = c, Image = Image, Schedule = null!, Description = new string('d', 513), RetryAttempts = 200 }));
    }

    [Fact]
    public void Passes_tokens_unchecked()
    {
        var template = Synth.Template(s =>
        {
            var expression = new CfnParameter(s, "Expression", new CfnParameterProps { Type = "String" });
            var zone = new CfnParameter(s, "Zone", new CfnParameterProps { Type = "String" });
            _ = new ScheduledTask(s, "Report", new()
            {
                Cluster = LightCluster(s),
                Image = Image,
                Schedule = Schedule.Expression(expression.ValueAsString),
                TimeZone = Amazon.CDK.TimeZone.Of(zone.ValueAsString),
            });
        });

        template.HasResourceProperties("AWS::Scheduler::Schedule", new Dictionary<string, object>
        {
            ["ScheduleExpression"] = new Dictionary<string, object> { ["Ref"] = "Expression" },
            ["ScheduleExpressionTimezone"] = new Dictionary<string, object> { ["Ref"] = "Zone" },
        });
    }
}
