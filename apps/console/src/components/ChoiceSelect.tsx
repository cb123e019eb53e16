import { Select, type SelectProps } from 'antd';

/**
 * antd's Select inside a required Form.Item: the form puts `aria-required` on the Select's outer <div>, which has
 * no role that allows it (an accessibility error). The label already marks the field required; the attribute is
 * dropped here.
 */
export function ChoiceSelect(props: SelectProps & { 'aria-required'?: boolean | 'true' | 'false' }) {
  const { 'aria-required': _required, ...rest } = props;
  return <Select {...rest} />;
}
