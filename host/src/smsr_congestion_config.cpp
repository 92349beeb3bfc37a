// SPDX-License-Identifier: Apache-2.0
// Congestion control configuration (design.md §4; host/docs/smsr_api.md §Congestion control): priorities by
// operation type and management mode, limits, and their JSON form.
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include <euicc/host/smsr/congestion_config.hpp>

#include "smsr_access_control_json.hpp"

namespace euicc::host::smsr {

namespace {

using trigger::ManagementMode;
using trigger::OperationType;

constexpr std::string_view context = "congestion config";

/// How specific a matching rule is (operation and mode > operation > mode); 0: it does not match.
int specificity(const PriorityRule& rule, OperationType operation, ManagementMode mode) noexcept {
    if ((rule.operation && *rule.operation != operation) || (rule.mode && *rule.mode != mode)) {
        return 0;
    }
    return (rule.operation ? 2 : 0) + (rule.mode ? 1 : 0);
}

unsigned read_priority(const detail::ConfigNode& node) {
    const std::uint64_t value = node.unsigned_number();
    if (value >= priority_levels) {
        node.fail("must be 0.." + std::to_string(priority_levels - 1));
    }
    return static_cast<unsigned>(value);
}

PriorityRule read_rule(const detail::ConfigNode& node) {
    node.only({"operation", "mode", "priority"});
    PriorityRule rule;
    if (const auto operation = node.find("operation")) {
        rule.operation = operation->operation();
    }
    if (const auto mode = node.find("mode")) {
        rule.mode = mode->mode();
    }
    rule.priority = read_priority(node.member("priority"));
    return rule;
}

} // namespace

PriorityTable::PriorityTable(std::vector<PriorityRule> rules, unsigned fallback)
    : m_rules(std::move(rules)), m_fallback(fallback) {
    if (fallback >= priority_levels) {
        throw std::invalid_argument("priority table: fallback priority over " +
                                    std::to_string(priority_levels - 1));
    }
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
        const PriorityRule& rule = m_rules[i];
        const std::string name = "priority table rule " + std::to_string(i);
        if (rule.priority >= priority_levels) {
            throw std::invalid_argument(name + ": priority over " + std::to_string(priority_levels - 1));
        }
        if (!rule.operation && !rule.mode) {
            throw std::invalid_argument(name + ": matches every session, use the fallback priority");
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (m_rules[j].operation == rule.operation && m_rules[j].mode == rule.mode) {
                throw std::invalid_argument(name + ": same pattern as rule " + std::to_string(j));
            }
        }
    }
}

PriorityTable PriorityTable::defaults() {
    // SM-SR change first (it moves the card to another SM-SR for good); then pull mode (the card asked on its
    // own, nothing batches it); then the short ES5 functions; downloads last (the long, batchable sessions).
    std::vector<PriorityRule> rules{{OperationType::SmSrChange, std::nullopt, 0},
                                    {std::nullopt, ManagementMode::Pull, 1}};
    for (const OperationType op : {OperationType::Enabling, OperationType::Disabling,
                                   OperationType::ProfileDeletion, OperationType::StatusChange}) {
        rules.push_back({op, ManagementMode::Push, 2});
    }
    return PriorityTable(std::move(rules), 3);
}

unsigned PriorityTable::priority_of(OperationType operation, ManagementMode mode) const noexcept {
    int best = 0;
    unsigned priority = m_fallback;
    for (const PriorityRule& rule : m_rules) {
        const int score = specificity(rule, operation, mode);
        if (score > best) {
            best = score;
            priority = rule.priority;
        }
    }
    return priority;
}

unsigned PriorityTable::priority_of(const std::optional<scp81::ServiceRequest>& request) const noexcept {
    return request ? priority_of(request->operation, request->mode) : m_fallback;
}

void CongestionConfig::validate() const {
    if (capacity == 0) {
        throw std::invalid_argument("congestion config: capacity must be at least 1");
    }
    if (reserved >= capacity) {
        throw std::invalid_argument("congestion config: reserved must be less than capacity");
    }
    if (headroom_priority >= priority_levels) {
        throw std::invalid_argument("congestion config: headroom_priority over " +
                                    std::to_string(priority_levels - 1));
    }
    if (base_retry < std::chrono::seconds{1}) {
        throw std::invalid_argument("congestion config: base_retry must be at least 1 s");
    }
    if (max_retry < base_retry) {
        throw std::invalid_argument("congestion config: max_retry must not be less than base_retry");
    }
    if (!std::isfinite(priority_weight) || priority_weight < 0.0) {
        throw std::invalid_argument("congestion config: priority_weight must be a finite number >= 0");
    }
}

CongestionConfig CongestionConfig::parse_json(std::string_view json) {
    const nlohmann::json document = detail::ConfigNode::parse(json, context);
    const detail::ConfigNode root(document, "", context);
    root.only({"capacity", "reserved", "headroom_priority", "base_retry", "max_retry", "priority_weight",
               "default_priority", "priorities"});
    CongestionConfig config;
    if (const auto capacity = root.find("capacity")) {
        config.capacity = static_cast<std::size_t>(capacity->unsigned_number());
    }
    if (const auto reserved = root.find("reserved")) {
        config.reserved = static_cast<std::size_t>(reserved->unsigned_number());
    }
    if (const auto headroom = root.find("headroom_priority")) {
        config.headroom_priority = read_priority(*headroom);
    }
    if (const auto base = root.find("base_retry")) {
        config.base_retry = base->duration();
    }
    if (const auto max = root.find("max_retry")) {
        config.max_retry = max->duration();
    }
    if (const auto weight = root.find("priority_weight")) {
        config.priority_weight = weight->number();
    }
    const auto fallback = root.find("default_priority");
    const auto rules = root.find("priorities");
    if (fallback || rules) {
        std::vector<PriorityRule> read;
        if (rules) {
            for (std::size_t i = 0, n = rules->array_size(); i < n; ++i) {
                read.push_back(read_rule(rules->at(i)));
            }
        } else {
            read = PriorityTable::defaults().rules();
        }
        const unsigned fallback_priority =
            fallback ? read_priority(*fallback) : PriorityTable::defaults().fallback();
        try {
            config.priorities = PriorityTable(std::move(read), fallback_priority);
        } catch (const std::invalid_argument& error) {
            (rules ? *rules : root).fail(error.what());
        }
    }
    try {
        config.validate();
    } catch (const std::invalid_argument& error) {
        root.fail(error.what());
    }
    return config;
}

} // namespace euicc::host::smsr
