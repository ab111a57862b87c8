require 'rails_helper'

RSpec.describe User do
  it 'authenticates' do
    user = User.create!(email: 'a@corp.internal', password: 'znB7Tr7vtly3jGGL')
    expect(user).to be_persisted
  end
end
