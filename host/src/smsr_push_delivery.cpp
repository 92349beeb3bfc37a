// SPDX-License-Identifier: Apache-2.0
// The push server's delivery (host/docs/push_server.md): SMS-DELIVERs as ENVELOPE SMS-PP download, 9300 retried,
// the PoR passed back (TS 31.111 §7.1.1.2; TS 102 225 §5.2), one thread per reader.
#include <euicc/host/smsr/push_delivery.hpp>

#include <exception>
#include <thread>
#include <utility>

#include <euicc/apdu/sms_tpdu.hpp>
#include <euicc/error.hpp>

namespace euicc::host::smsr {

namespace {

using push_api::DeliveryReport;
using push_api::DeliveryStatus;

DeliveryReport make_report(const push_api::Identity& identity, DeliveryStatus status, std::string detail) {
    // A detail longer than the API carries (an exception text, say) is cut rather than refused.
    if (detail.size() > push_api::max_detail) {
        detail.resize(push_api::max_detail);
    }
    return DeliveryReport{identity, status, std::move(detail), std::nullopt};
}

} // namespace

PushDelivery::PushDelivery(PushTerminalMap map, PushTerminalFactory factory, PushDeliveryOptions options)
    : m_map(std::move(map)), m_factory(std::move(factory)), m_options(std::move(options)) {
    if (!m_factory) {
        throw std::invalid_argument("push delivery: no terminal factory");
    }
    if (m_options.busy_attempts == 0) {
        throw std::invalid_argument("push delivery: busy_attempts must be at least 1");
    }
}

std::mutex& PushDelivery::reader_mutex(const std::string& reader) {
    const std::lock_guard lock(m_readers_mutex);
    auto& slot = m_reader_mutexes[reader];
    if (!slot) {
        slot = std::make_unique<std::mutex>();
    }
    return *slot;
}

push_api::PushResult PushDelivery::deliver(const push_api::PushRequest& request) {
    for (std::size_t i = 0; i < request.items.size(); ++i) {
        for (std::size_t t = 0; t < request.items[i].tpdus.size(); ++t) {
            try {
                static_cast<void>(sms::Deliver::decode(request.items[i].tpdus[t]));
            } catch (const CodecError& e) {
                throw push_api::DocumentError("push request",
                                              "/items/" + std::to_string(i) + "/tpdus/" + std::to_string(t), 0,
                                              std::string("not an SMS-DELIVER: ") + e.what());
            }
        }
    }
    push_api::PushResult result{request.request_id, {}};
    result.items.resize(request.items.size());
    std::map<std::string, std::vector<std::size_t>> by_reader;
    for (std::size_t i = 0; i < request.items.size(); ++i) {
        const push_api::PushItem& item = request.items[i];
        const std::optional<std::string> reader = item.reader ? item.reader : m_map.reader_for(item.identity);
        if (reader) {
            by_reader[*reader].push_back(i);
            continue;
        }
        result.items[i] = make_report(item.identity, DeliveryStatus::NoTerminal, "no reader for this identity");
        if (m_options.on_report) {
            m_options.on_report(result.items[i]);
        }
    }

    // Each worker writes only the slots of its own items; anything but a reported card/reader problem is
    // carried out of the thread and rethrown here.
    std::vector<std::exception_ptr> failures(by_reader.size());
    std::vector<std::thread> workers;
    workers.reserve(by_reader.size());
    std::size_t k = 0;
    for (const auto& [reader, items] : by_reader) {
        workers.emplace_back([this, &reader = reader, &items = items, &request, &result, &failure = failures[k]] {
            try {
                deliver_on_reader(reader, request, items, result);
            } catch (...) {
                failure = std::current_exception();
            }
        });
        ++k;
    }
    for (std::thread& worker : workers) {
        worker.join();
    }
    for (const std::exception_ptr& failure : failures) {
        if (failure) {
            std::rethrow_exception(failure);
        }
    }
    return result;
}

void PushDelivery::deliver_on_reader(const std::string& reader, const push_api::PushRequest& request,
                                     const std::vector<std::size_t>& items, push_api::PushResult& result) {
    const auto settle = [&](std::size_t index, DeliveryReport report) {
        result.items[index] = std::move(report);
        if (m_options.on_report) {
            m_options.on_report(result.items[index]);
        }
    };
    const std::lock_guard lock(reader_mutex(reader));
    std::unique_ptr<PushTerminal> terminal;
    try {
        terminal = m_factory(reader);
    } catch (const NoCardError& e) {
        for (const std::size_t i : items) {
            settle(i, make_report(request.items[i].identity, DeliveryStatus::NoTerminal, reader + ": " + e.what()));
        }
        return;
    } catch (const Error& e) {
        for (const std::size_t i : items) {
            settle(i,
                   make_report(request.items[i].identity, DeliveryStatus::TransportError, reader + ": " + e.what()));
        }
        return;
    }
    for (const std::size_t i : items) {
        try {
            settle(i, deliver_item(terminal->terminal(), reader, request.items[i]));
        } catch (const Error& e) {
            // The card or the link failed: reported for this identity; the reader's next item is still tried.
            settle(i,
                   make_report(request.items[i].identity, DeliveryStatus::TransportError, reader + ": " + e.what()));
        }
    }
}

DeliveryReport PushDelivery::deliver_item(ToolkitTerminal& terminal, const std::string& reader,
                                          const push_api::PushItem& item) {
    std::vector<sms::Deliver> parts;
    for (const Bytes& tpdu : item.tpdus) {
        parts.push_back(sms::Deliver::decode(tpdu));
    }
    for (const sms::Deliver& part : parts) {
        for (unsigned attempt = 1;; ++attempt) {
            SmsPpOutcome outcome = terminal.sms_pp_download(part);
            if (outcome.por) {
                // The card answered (normally on the last part; earlier only for an error): the SM-SR reads the
                // PoR with its keys.
                DeliveryReport report = make_report(item.identity, DeliveryStatus::Delivered,
                                                    reader + ": PoR " + outcome.envelope.sw.to_string());
                report.por = std::move(outcome.por);
                return report;
            }
            if (outcome.envelope.status == EnvelopeStatus::Busy) {
                // TS 31.111 §7.1.1.2: the card did not take the message; the network would retry later.
                if (attempt < m_options.busy_attempts) {
                    std::this_thread::sleep_for(m_options.busy_pause);
                    continue;
                }
                return make_report(item.identity, DeliveryStatus::Busy,
                                   reader + ": toolkit busy (9300) " + std::to_string(attempt) + " times");
            }
            if (outcome.envelope.status == EnvelopeStatus::DataDownloadError) {
                return make_report(item.identity, DeliveryStatus::DownloadError,
                                   reader + ": data download error " + outcome.envelope.sw.to_string());
            }
            break;
        }
    }
    return make_report(item.identity, DeliveryStatus::Delivered, reader);
}

} // namespace euicc::host::smsr
