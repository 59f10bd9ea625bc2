package io.kindly.dispatch.presets;

import io.kindly.support.LedgerRows;
import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.TestConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the template-mode preset tests share: the lender's copies of the registered templates (the upcoming family's
 * SMS, written as the vendor's templates are: text and plain variables), their codes in the config, and a Kindly whose
 * SMS goes to a loopback imitation of the vendor ({@link CloudSmsImitation}).
 */
final class TemplateModeFixture {
    static final String TOKEN = "cloud-inbound-token-0123456789";
    static final String EN = "${lender.name}: Hi ${name}, a friendly reminder that ${amount} on your loan ending "
            + "${loanRef} is due on ${dueDate}. Pay: ${repaymentLink} Need a different plan? ${lender.planUrl} Reply "
            + "${optOut.smsKeyword} to opt out.";
    static final String ZH = "【${lender.name}】${name}，您好！温馨提醒：您尾号${loanRef}的借款有${amount}将于${dueDate}到期。还款："
            + "${repaymentLink} 如需调整还款计划：${lender.planUrl} 回复${optOut.smsKeyword}退订";

    static final String ZH_TW = "【${lender.name}】${name}，您好！溫馨提醒：您尾號${loanRef}的借款有${amount}將於${dueDate}到期。"
            + "還款：${repaymentLink} 如需調整還款計畫：${lender.planUrl} 回覆${optOut.smsKeyword}取消提醒";

    final PresetFixture kindly = new PresetFixture();
    LoopbackHttpServer vendor;

    /** Alibaba's form of a registered template: the copy's variables as ${camelName}. */
    static String aliyunTemplate(String copy) {
        Matcher m = Pattern.compile("\\$\\{([\\w.]+)}").matcher(copy);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String[] parts = m.group(1).split("\\.");
            StringBuilder name = new StringBuilder(parts[0]);
            for (int i = 1; i < parts.length; i++) {
                name.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
            }
            m.appendReplacement(sb, Matcher.quoteReplacement("${" + name + "}"));
        }
        return m.appendTail(sb).toString();
    }

    /** Tencent's form: each variable as {n}, numbered by first appearance. */
    static String tencentTemplate(String copy) {
        Matcher m = Pattern.compile("\\$\\{([\\w.]+)}").matcher(copy);
        Set<String> seen = new LinkedHashSet<>();
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            seen.add(m.group(1));
            int n = new java.util.ArrayList<>(seen).indexOf(m.group(1)) + 1;
            m.appendReplacement(sb, Matcher.quoteReplacement("{" + n + "}"));
        }
        return m.appendTail(sb).toString();
    }

    /** Starts Kindly on a copy of the shipped config and templates with the lender's copies and their codes. */
    void start(Path dir, CloudSmsImitation imitation, boolean tencent, Map<String, String> settings) {
        Path config = TestConfig.copyOfShipped(dir.resolve("config"));
        Path templates = TestConfig.copyTree(Path.of("templates"), dir.resolve("templates"));
        try {
            Files.writeString(templates.resolve("upcoming/sms_en.ftl"), EN, StandardCharsets.UTF_8);
            Files.writeString(templates.resolve("upcoming/sms_zh.ftl"), ZH, StandardCharsets.UTF_8);
            Files.writeString(templates.resolve("upcoming/sms_zh_TW.ftl"), ZH_TW, StandardCharsets.UTF_8);
            // SMS only in the stages of the upcoming family: the other families' SMS are not written as copies
            Path cadence = config.resolve("cadence.properties");
            Files.writeString(cadence, Files.readString(cadence).replaceAll(
                    "(kindly\\.cadence\\.stage\\.(?!before-)[\\w-]+\\.channels = )sms, ", "$1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String prefix = tencent ? "" : "SMS_";
        TestConfig.append(config.resolve("channels.properties"), "\nkindly.channel.sms.template-code.upcoming.en = "
                + prefix + "100001\nkindly.channel.sms.template-code.upcoming.zh = " + prefix + "100002"
                + "\nkindly.channel.sms.template-code.upcoming.zh_TW = " + prefix + "100003"
                + "\nkindly.channel.sms.template-code._discreet = " + prefix + "100009\n");
        try {
            vendor = new LoopbackHttpServer(tencent ? imitation::tencent : imitation::aliyun);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("kindly.templates.dir", templates.toAbsolutePath().toString().replace('\\', '/'));
        all.put("kindly.channel.sms.preset", tencent ? "tencent" : "aliyun");
        all.put("kindly.channel.sms.url", vendor.url("/"));
        all.put("kindly.channel.sms.sign-name", "示范贷");
        all.put("kindly.inbound.sms.secret", TOKEN);
        kindly.config = config;
        kindly.start(dir, all);
    }

    String body(String contactId) {
        return LedgerRows.query(kindly.app.ledgerDataSource(), "select body from kindly_ledger_entry where contact_id = ?"
                + " and body is not null", contactId).get(0).get("body");
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return kindly.send(HttpRequest.newBuilder(kindly.uri(path + "/" + TOKEN))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    void close() {
        kindly.close();
        if (vendor != null) {
            vendor.close();
        }
    }

    static Map<String, String> registered(boolean tencent) {
        return tencent ? Map.of("100001", tencentTemplate(EN), "100002", tencentTemplate(ZH))
                : Map.of("SMS_100001", aliyunTemplate(EN), "SMS_100002", aliyunTemplate(ZH));
    }
}
