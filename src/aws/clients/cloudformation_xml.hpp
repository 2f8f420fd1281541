#pragma once
// CloudFormation's XML result elements → cloudformation:: values.

#include <pugixml.hpp>
#include <vector>

#include "sparta/aws/cloudformation_types.hpp"

namespace sparta::aws::cloudformation::detail {

std::vector<Parameter> ReadParameters(pugi::xml_node parent);
std::vector<Tag> ReadTags(pugi::xml_node parent);
Stack ReadStack(pugi::xml_node member);
StackEvent ReadStackEvent(pugi::xml_node member);
StackResource ReadStackResource(pugi::xml_node member);
StackResourceSummary ReadStackResourceSummary(pugi::xml_node member);
Change ReadChange(pugi::xml_node member);
/// DescribeChangeSetResult.
ChangeSet ReadChangeSet(pugi::xml_node result);
ChangeSetSummary ReadChangeSetSummary(pugi::xml_node member);
/// ValidateTemplateResult.
ValidateTemplateResult ReadValidateTemplate(pugi::xml_node result);

}  // namespace sparta::aws::cloudformation::detail
